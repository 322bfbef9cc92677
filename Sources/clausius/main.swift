import ClausiusCommands

// Exit statuses are mapped in one place (ClausiusCommand.exitStatus(for:)); standard output is checked for
// write errors before exiting.
ClausiusCommand.runAndExit()
