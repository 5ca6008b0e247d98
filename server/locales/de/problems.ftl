# Titel und Details von Problemantworten (RFC 9457). Der `type` eines Problems ändert sich nie
# mit der Sprache, nur diese Texte.

problem-malformed-request-title = Fehlerhafte Anfrage
problem-malformed-request-unreadable = Der Inhalt der Anfrage konnte nicht gelesen werden.
problem-malformed-request-syntax = Der Inhalt ist kein gültiges JSON (Zeile { $line }, Spalte { $column }).
problem-malformed-request-trailing-content = Unerwarteter Inhalt nach dem JSON-Wert.

problem-unauthorized-title = Anmeldung erforderlich
problem-unauthorized-detail = Ein gültiges Bearer-Token ist erforderlich.

problem-forbidden-title = Nicht erlaubt
problem-forbidden-detail = Ihre Rolle darf dies nicht tun.

problem-not-found-title = Nicht gefunden
problem-not-found-detail = Diese Ressource gibt es nicht.

problem-precondition-failed-title = Vorbedingung nicht erfüllt
problem-precondition-failed-detail = Die Ressource hat sich geändert, seit Sie sie gelesen haben (If-Match); lesen Sie sie erneut.
problem-resync-required-title = Erneut von Anfang an synchronisieren
problem-resync-required-detail = Dieser Cursor gehört zu keiner Stelle in den Daten dieser Klientin oder dieses Klienten (der Server wurde aus einer Sicherung wiederhergestellt, oder der Cursor gehört zu jemand anderem): Verwerfen Sie die lokale Kopie und synchronisieren Sie erneut mit since=0.
problem-precondition-required-title = Vorbedingung erforderlich
problem-precondition-required-detail = Dies würde eine Fassung ersetzen, die jemand anderes geschrieben hat: Lesen Sie sie zuerst und senden Sie ihr ETag als If-Match.
problem-safety-plan-empty-title = Leerer Sicherheitsplan
problem-safety-plan-empty-detail = Ein Sicherheitsplan braucht mindestens eine Zeile in einem seiner Teile.

problem-payload-too-large-title = Anfrage zu groß
problem-payload-too-large-detail = Der Inhalt der Anfrage ist größer als 64 KiB.
problem-request-timeout-title = Anfrage zu langsam
problem-request-timeout-detail = Der Inhalt der Anfrage kam nicht rechtzeitig an; bitte erneut senden.

problem-unsupported-media-type-title = Nicht unterstützter Medientyp
problem-unsupported-media-type-detail = Senden Sie den Inhalt als application/json.

problem-validation-title = Ungültige Anfrage
problem-validation-detail = Mindestens ein Feld ist ungültig.

problem-too-many-requests-title = Zu viele Anfragen
problem-too-many-requests-detail = Zu viele Versuche; versuchen Sie es in { $seconds } Sekunden erneut.

problem-unavailable-title = Dienst nicht verfügbar
problem-unavailable-detail = Der Dienst erreicht seine Datenbank nicht; versuchen Sie es gleich noch einmal.

problem-busy-title = Datenbank beschäftigt
problem-busy-detail = Eine andere Änderung hat die Datenbank kurz belegt; wiederholen Sie die Anfrage.

problem-internal-title = Interner Serverfehler
problem-internal-detail = Bei uns ist etwas schiefgelaufen.

## Eine abgelehnte Anmeldung, ein abgelehntes Token oder ein abgelehnter Einladungscode (401).

problem-invalid-credentials-title = Ungültige Anmeldedaten
problem-invalid-credentials-detail = Die E-Mail-Adresse oder das Passwort ist falsch.
problem-token-invalid-title = Unbekanntes Token
problem-token-invalid-detail = Dieses Token ist nicht bekannt; melden Sie sich erneut an.
problem-token-expired-title = Token abgelaufen
problem-access-token-expired-detail = Das Zugriffstoken ist abgelaufen; erneuern Sie es.
problem-refresh-token-expired-detail = Das Erneuerungstoken ist abgelaufen; melden Sie sich erneut an.
problem-refresh-reused-title = Erneuerungstoken erneut verwendet
problem-refresh-reused-detail = Dieses Erneuerungstoken wurde bereits eingetauscht, deshalb wurde die Anmeldung zur Sicherheit beendet; melden Sie sich erneut an.
problem-sign-in-revoked-title = Abgemeldet
problem-sign-in-revoked-detail = Diese Anmeldung ist beendet; melden Sie sich erneut an.
problem-invite-invalid-title = Unbekannter Einladungscode
problem-invite-invalid-detail = Dieser Einladungscode ist nicht bekannt; prüfen Sie ihn oder bitten Sie um einen neuen.
problem-invite-expired-title = Einladungscode abgelaufen
problem-invite-expired-detail = Dieser Einladungscode ist abgelaufen; bitten Sie Ihre Therapeutin oder Ihren Therapeuten um einen neuen.
problem-invite-replaced-title = Einladungscode ersetzt
problem-invite-replaced-detail = Es wurde ein neuerer Einladungscode ausgestellt; verwenden Sie diesen oder bitten Sie um einen neuen.
problem-invite-used-title = Einladungscode bereits verwendet
problem-invite-used-detail = Dieser Einladungscode wurde bereits verwendet; bitten Sie Ihre Therapeutin oder Ihren Therapeuten um einen neuen.
problem-reset-token-invalid-title = Link zum Zurücksetzen ungültig
problem-reset-token-invalid-detail = Dieser Link zum Zurücksetzen des Passworts ist unbekannt, wurde bereits verwendet oder ist älter als 30 Minuten; fordern Sie einen neuen an.
problem-verification-token-invalid-title = Bestätigungslink ungültig
problem-verification-token-invalid-detail = Dieser Bestätigungslink ist unbekannt, wurde bereits verwendet oder ist älter als 24 Stunden.
problem-email-unverified-title = E-Mail-Adresse nicht bestätigt
problem-email-unverified-detail = Öffnen Sie den Link in der E-Mail, die wir an diese Adresse geschickt haben, und melden Sie sich dann an.

## Ein Schreiben, das wegen des Gespeicherten abgelehnt wurde (409): warum.

problem-conflict-title = Konflikt
problem-conflict-account-exists = Es gibt bereits ein Konto mit dieser E-Mail-Adresse.
problem-conflict-checkin-id-taken = Unter dieser ID ist bereits ein anderer Check-in gespeichert.
problem-conflict-risk-screen-id-taken = Unter dieser ID ist bereits ein anderes Screening gespeichert.
problem-conflict-id-taken = Unter dieser ID ist bereits ein anderer Eintrag dieser Art gespeichert; ein neuer Eintrag braucht eine neue ID.
problem-conflict-course-not-ended = Der laufende Behandlungsabschnitt ist noch nicht beendet: Beenden Sie ihn zuerst.
problem-conflict-course-not-current = Nur der laufende Behandlungsabschnitt kann beendet werden.
problem-conflict-course-already-ended = Der Behandlungsabschnitt ist bereits beendet.
problem-conflict-treatment-is-maintenance = Der laufende Behandlungsabschnitt dient der Erhaltung: Beenden Sie ihn und beginnen Sie einen neuen, um etwas zu ändern.
problem-conflict-homework-not-assigned = Nur aufgegebene Hausaufgaben können bearbeitet werden.
problem-conflict-homework-already-completed = Erledigte Hausaufgaben können nicht zurückgezogen werden.
problem-conflict-homework-completed-otherwise = Diese Hausaufgabe wurde bereits mit anderen Antworten erledigt.
problem-conflict-homework-cancelled = Zurückgezogene Hausaufgaben können nicht erledigt werden.

## Zweiter Faktor (TOTP)
problem-mfa-required-title = Zweiter Schritt nötig
problem-mfa-required-detail = Das Passwort stimmt; senden Sie nun einen Code Ihrer Authenticator-App (oder einen Wiederherstellungscode) mit dem mfa_token an /api/v1/auth/login/mfa.
problem-mfa-enrolment-required-title = Anmeldung in zwei Schritten nötig
problem-mfa-enrolment-required-detail = Dieser Server verlangt die Anmeldung in zwei Schritten: richten Sie sie zuerst unter /api/v1/me/mfa/totp ein.
problem-mfa-code-invalid-title = Falscher Code
problem-mfa-code-invalid-detail = Dieser Code ist falsch oder wurde schon verwendet; warten Sie auf den nächsten Code oder verwenden Sie einen Wiederherstellungscode.
problem-mfa-token-invalid-title = Bitte erneut anmelden
problem-mfa-token-invalid-detail = Dieser zweite Schritt ist abgelaufen, wurde verwendet oder hatte zu viele falsche Codes; melden Sie sich erneut mit Ihrem Passwort an.
problem-conflict-mfa-already-active = Die Anmeldung in zwei Schritten ist bereits eingeschaltet; schalten Sie sie zuerst aus, um sie neu einzurichten.
problem-conflict-mfa-not-pending = Die Anmeldung in zwei Schritten wurde nicht begonnen; beginnen Sie sie zuerst.
problem-conflict-mfa-not-active = Die Anmeldung in zwei Schritten ist nicht eingeschaltet.
problem-conflict-mfa-required = Dieser Server verlangt die Anmeldung in zwei Schritten; sie kann nicht ausgeschaltet werden.
