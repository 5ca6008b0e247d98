# Texte auf dem Sperrbildschirm: unauffällig, nichts Klinisches, keine Namen.
push-title = Erinnerung
push-practice-prompt = Eine kurze Übung wartet auf Sie.
push-checkin-reminder = Nehmen Sie sich einen Moment für Ihren Check-in.
push-homework-due = Etwas, das Sie sich vorgenommen haben, steht bald an.
push-session-reminder = Sie haben morgen einen Termin.
push-treatment-countdown = Sie haben eine neue Erinnerung.
push-maintenance = Nehmen Sie sich einen Moment für Ihren Check-in.
    .with-plan = Nehmen Sie sich einen Moment für Ihren Check-in und schauen Sie in Ihren Plan, um gesund zu bleiben.
    .without-plan = Nehmen Sie sich einen Moment für Ihren Check-in. Einen Plan, um gesund zu bleiben, können Sie beim nächsten Termin gemeinsam erstellen.
push-questionnaire-due = Ein paar Fragen vor morgen.
push-stay-connected = Öffnen Sie die App, um verbunden zu bleiben.
