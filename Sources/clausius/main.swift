import ClausiusCommands

ClausiusCommand.main()
