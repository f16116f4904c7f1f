"""The console's request handlers, one module per part of the console."""
