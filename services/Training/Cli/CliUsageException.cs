namespace OpenMrs.Training.Cli;

/// <summary>A wrong command line: the message is printed as one line on stderr and the tool exits with code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
