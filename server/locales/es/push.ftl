# Textos de la pantalla de bloqueo: discretos, nada clínico, sin nombres.
push-title = Recordatorio
push-practice-prompt = Un ejercicio breve le espera.
push-checkin-reminder = Tómese un momento para registrar cómo está.
push-homework-due = Algo que planificó vence pronto.
push-session-reminder = Mañana tiene una cita.
push-treatment-countdown = Tiene un nuevo recordatorio.
push-maintenance = Tómese un momento para registrar cómo está.
    .with-plan = Tómese un momento para registrar cómo está y repase su plan para mantenerse bien.
    .without-plan = Tómese un momento para registrar cómo está. En su próxima cita pueden hacer juntos un plan para mantenerse bien.
push-questionnaire-due = Unas preguntas antes de mañana.
push-stay-connected = Abra la aplicación para seguir conectado.
