"""Staff assessment mode: sign-in, participants of the day, the senior battery, reports."""
