import ClausiusCommands

await ClausiusCommand.main()
