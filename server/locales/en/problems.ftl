# Titles and details of problem responses (RFC 9457). The problem's `type` never changes with
# the language; only these texts do.

problem-malformed-request-title = Malformed request
problem-malformed-request-unreadable = The request body could not be read.
problem-malformed-request-syntax = The body is not valid JSON (line { $line }, column { $column }).
problem-malformed-request-trailing-content = Unexpected content after the JSON value.

problem-unauthorized-title = Authentication required
problem-unauthorized-detail = A valid bearer token is required.

problem-forbidden-title = Forbidden
problem-forbidden-detail = Your role may not do this.

problem-not-found-title = Not found
problem-not-found-detail = No such resource.

problem-precondition-failed-title = Precondition failed
problem-precondition-failed-detail = The resource changed since you read it (If-Match); read it again.
problem-resync-required-title = Sync again from the start
problem-resync-required-detail = This cursor belongs to no position in this client's records (the server was restored from a backup, or the cursor is another client's): drop the local copy and sync again with since=0.
problem-precondition-required-title = Precondition required
problem-precondition-required-detail = This would replace a version someone else wrote: read it first and send its ETag as If-Match.
problem-safety-plan-empty-title = Empty safety plan
problem-safety-plan-empty-detail = A safety plan needs at least one line in one of its parts.

problem-payload-too-large-title = Request body too large
problem-payload-too-large-detail = The request body exceeds 64 KiB.
problem-request-timeout-title = Request body too slow
problem-request-timeout-detail = The request body did not arrive in time; send it again.

problem-unsupported-media-type-title = Unsupported media type
problem-unsupported-media-type-detail = Send the body as application/json.

problem-validation-title = Invalid request
problem-validation-detail = One or more fields are invalid.

problem-too-many-requests-title = Too many requests
problem-too-many-requests-detail = Too many attempts; try again in { $seconds } seconds.

problem-unavailable-title = Service unavailable
problem-unavailable-detail = The service cannot reach its database; try again shortly.

problem-busy-title = Database busy
problem-busy-detail = Another change held the database for a moment; repeat the request.

problem-internal-title = Internal server error
problem-internal-detail = Something went wrong on our side.

## A refused sign-in, token or invite code (401).

problem-invalid-credentials-title = Invalid credentials
problem-invalid-credentials-detail = The e-mail address or the password is wrong.
problem-token-invalid-title = Unknown token
problem-token-invalid-detail = This token is not known; sign in again.
problem-token-expired-title = Token expired
problem-access-token-expired-detail = The access token expired; refresh it.
problem-refresh-token-expired-detail = The refresh token expired; sign in again.
problem-refresh-reused-title = Refresh token reused
problem-refresh-reused-detail = This refresh token was already exchanged, so the sign-in was ended for safety; sign in again.
problem-sign-in-revoked-title = Signed out
problem-sign-in-revoked-detail = This sign-in has ended; sign in again.
problem-invite-invalid-title = Unknown invite code
problem-invite-invalid-detail = This invite code is not known; check it or ask for a new one.
problem-invite-expired-title = Invite code expired
problem-invite-expired-detail = This invite code expired; ask your therapist for a new one.
problem-invite-replaced-title = Invite code replaced
problem-invite-replaced-detail = A newer invite code was issued; use that one or ask for a new one.
problem-invite-used-title = Invite code already used
problem-invite-used-detail = This invite code was already used; ask your therapist for a new one.
problem-reset-token-invalid-title = Reset link not valid
problem-reset-token-invalid-detail = This password-reset link is unknown, was already used or is older than 30 minutes; ask for a new one.
problem-verification-token-invalid-title = Verification link not valid
problem-verification-token-invalid-detail = This verification link is unknown, was already used or is older than 24 hours.
problem-email-unverified-title = E-mail address not verified
problem-email-unverified-detail = Open the link in the e-mail we sent to this address, then sign in.

## A write refused because of what is stored (409): why.

problem-conflict-title = Conflict
problem-conflict-account-exists = An account with this e-mail already exists.
problem-conflict-checkin-id-taken = This id already holds a different check-in.
problem-conflict-risk-screen-id-taken = This id already holds a different risk screen.
problem-conflict-id-taken = This id already holds a different record of this kind; a new record needs a new id.
problem-conflict-course-not-ended = the current course has not ended: end it first
problem-conflict-course-not-current = only the current course can be ended
problem-conflict-course-already-ended = the course has already ended
problem-conflict-treatment-is-maintenance = the current course is maintenance: end it and start another to change it
problem-conflict-homework-not-assigned = Only assigned homework can be edited.
problem-conflict-homework-already-completed = Completed homework cannot be cancelled.
problem-conflict-homework-completed-otherwise = This homework was already completed with other answers.
problem-conflict-homework-cancelled = Cancelled homework cannot be completed.

## Second factor (TOTP)
problem-mfa-required-title = Second step required
problem-mfa-required-detail = The password is right; now send a code from your authenticator app (or a recovery code) with the mfa_token to /api/v1/auth/login/mfa.
problem-mfa-enrolment-required-title = Two-step sign-in required
problem-mfa-enrolment-required-detail = This server requires two-step sign-in: set it up at /api/v1/me/mfa/totp first.
problem-mfa-code-invalid-title = Wrong code
problem-mfa-code-invalid-detail = That code is wrong or was already used; wait for the next code, or use a recovery code.
problem-mfa-token-invalid-title = Sign in again
problem-mfa-token-invalid-detail = This second step expired, was used, or had too many wrong codes; sign in again with your password.
problem-conflict-mfa-already-active = Two-step sign-in is already on; turn it off first to set it up again.
problem-conflict-mfa-not-pending = Two-step sign-in was not started; start it first.
problem-conflict-mfa-not-active = Two-step sign-in is not on.
problem-conflict-mfa-required = This server requires two-step sign-in; it cannot be turned off.
