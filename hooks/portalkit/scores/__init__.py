"""`python -m portalkit scores`: a cohort's exam results, re-marked against the bank."""
