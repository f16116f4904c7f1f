"""Names of the Rasa slots the actions read and write (see bot/domain/slots.yml)."""

#: The whole intake state as a dict (bot.intake.state.IntakeState).
INTAKE = "intake"
#: Where the conversation stands, for rule conditions: collecting, declined, submitted,
#: emergency or needs_human.
STAGE = "intake_stage"
#: Rasa's built-in slot naming the question the form asks.
REQUESTED = "requested_slot"
#: The form that collects the intake.
FORM = "intake_form"
#: Placeholder requested before the first question, so that the form can be rejected
#: (and a rule answer) even on the very first message.
START = "start"
