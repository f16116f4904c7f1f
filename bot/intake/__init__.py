"""The intake conversation: the questions, the state, what each message does, the record."""
