"""Normalisers: the values patients give (dates, phones, e-mails, states, names, choices) in the record's form."""
