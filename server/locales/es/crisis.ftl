# Recursos de crisis: lo que la aplicación dice a una persona que puede estar en peligro. Decir
# solo lo que el servidor hace de verdad (un mensaje al terapeuta solo está en camino con
# `notifying`). Los nombres y números de los servicios se escriben como los escriben ellos.

crisis-danger-with-number = Si está en peligro ahora, llame al { $number } o vaya al servicio de urgencias más cercano.
crisis-danger-without-number = Si está en peligro ahora, llame al número de emergencias local o vaya al servicio de urgencias más cercano.
crisis-talk-now = También puede hablar ahora mismo con alguien:
crisis-notifying = Estamos enviando ahora un mensaje a su terapeuta; es posible que no lo vea de inmediato.
crisis-notifying-on-call = Estamos enviando ahora un mensaje a su terapeuta y al profesional de guardia de su centro; es posible que no lo vean de inmediato.
crisis-already-notified = Su terapeuta ya ha recibido un mensaje sobre sus respuestas anteriores y verá esta junto con ellas.
crisis-not-notifying = Su terapeuta verá esto la próxima vez que abra IPT Companion.
crisis-safety-plan = Su plan de seguridad está en la aplicación.
crisis-no-safety-plan = Usted y su terapeuta pueden hacer juntos un plan de seguridad en su próxima sesión.

## Los servicios incluidos, por región (`crisis_resources.json` nombra cada uno por su id). Lo
## que dice una etiqueta («gratuito», «24 horas», «llamada o SMS») está comprobado en
## docs/crisis-resources.md: una traducción dice exactamente eso, nada más.

crisis-link-us-988-call = 988 Suicide & Crisis Lifeline: llamada o SMS al 988
crisis-link-us-988-chat = 988 Lifeline: chat en línea
crisis-link-ca-988-call = 9-8-8 Suicide Crisis Helpline: llamada o SMS al 988
crisis-link-ca-988-website = 9-8-8 Suicide Crisis Helpline: sitio web
crisis-link-gb-samaritans-call = Samaritans: llame al 116 123 (gratuito, 24 horas)
crisis-link-gb-samaritans-other = Samaritans: otras formas de contacto
crisis-link-ie-samaritans-call = Samaritans: llame al 116 123 (gratuito, 24 horas)
crisis-link-ie-pieta-call = Pieta Crisis Helpline: llame al 1800 247 247 (gratuito, 24 horas)
crisis-link-au-lifeline-call = Lifeline: llame al 13 11 14 (24 horas)
crisis-link-au-lifeline-text-chat = Lifeline: SMS al 0477 13 11 14 o chat en línea
crisis-link-nz-1737-call = 1737 Need to talk?: llamada o SMS gratuitos al 1737 (24 horas)
crisis-link-de-telefonseelsorge-0800-111-0-111 = TelefonSeelsorge: 0800 111 0 111 (gratuito, 24 horas)
crisis-link-de-telefonseelsorge-0800-111-0-222 = TelefonSeelsorge: 0800 111 0 222 (gratuito, 24 horas)
crisis-link-de-telefonseelsorge-116-123 = TelefonSeelsorge: 116 123 (gratuito, 24 horas)
crisis-link-at-telefonseelsorge-call = TelefonSeelsorge: llame al 142 (gratuito, 24 horas)
crisis-link-at-telefonseelsorge-online = TelefonSeelsorge: chat y correo en línea
crisis-link-ch-143-call = Die Dargebotene Hand / La Main Tendue: llame al 143 (gratuito, 24 horas)
crisis-link-ch-143-online = Tel 143: chat o correo en línea
crisis-link-fr-3114-call = 3114 – numéro national de prévention du suicide (gratuito, 24 horas)
crisis-link-fr-3114-website = 3114: sitio web
crisis-link-es-024-call = Línea 024 – atención a la conducta suicida (gratuito, 24 horas)
crisis-link-it-telefono-amico-call = Telefono Amico Italia: 02 2327 2327 (todos los días, 9:00–24:00)
crisis-link-it-telefono-amico-online = Telefono Amico Italia: WhatsApp y correo electrónico
crisis-link-nl-113-call = 113 Zelfmoordpreventie: llame al 113 (gratuito, 24 horas)
crisis-link-nl-113-0800 = 113 Zelfmoordpreventie: 0800-0113 (gratuito, 24 horas)
crisis-link-nl-113-chat = 113 Zelfmoordpreventie: chat en línea
crisis-link-in-tele-manas-call = Tele MANAS: llame al 14416 (gratuito, 24 horas)
crisis-link-in-tele-manas-toll-free = Tele MANAS: 1800 891 4416 (gratuito, 24 horas)
crisis-link-zz-find-a-helpline = Encuentre una línea de ayuda en su país
