"""One router per area: auth, submissions, review, admin, health."""
