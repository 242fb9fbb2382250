"""The ledger (发展党员台账): each candidate's stage, next steps and deadlines, from the rules file."""
