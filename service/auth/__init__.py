"""Authentication pieces shared by the JSON API and the HTML UI: password hashing, signed
session cookies, CSRF tokens. Authorisation (roles, ownership) lives in service.api.deps."""
