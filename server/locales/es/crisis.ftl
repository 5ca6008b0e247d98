# Recursos de crisis: lo que la aplicación dice a una persona que puede estar en peligro. Decir
# solo lo que el servidor hace de verdad (un mensaje al terapeuta solo está en camino con
# `notifying`). Los nombres y números de los servicios se escriben como los escriben ellos.

crisis-danger-with-number = Si está en peligro ahora, llame al { $number } o vaya al servicio de urgencias más cercano.
crisis-danger-without-number = Si está en peligro ahora, llame al número de emergencias local o vaya al servicio de urgencias más cercano. En la UE y desde la mayoría de los teléfonos móviles, el 112 comunica con los servicios de emergencia.
crisis-talk-now = También puede hablar ahora mismo con alguien:
crisis-websites = En internet:
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
crisis-link-zz-find-a-helpline = Find A Helpline, un sitio web con líneas de ayuda de su país

## domestic-violence lines
## Las líneas que aparecen primero cuando se responde «sí» a «¿podría ponerle en peligro hablar?»
## (`domestic_violence` en `crisis_resources.json`). Las fuentes de cada línea están en
## docs/crisis-resources.md; «gratuito», «24 horas» y horarios solo donde las fuentes lo dicen.

crisis-dv-us-thehotline = National Domestic Violence Hotline: llame al 1-800-799-7233 o envíe START por SMS al 88788 (gratuito, 24 horas)
crisis-dv-ca-sheltersafe = ShelterSafe: encuentre una casa de acogida para mujeres cerca de usted y su línea de crisis de 24 horas
crisis-dv-gb-national-da-helpline = National Domestic Abuse Helpline: 0808 2000 247 (gratuito, 24 horas)
crisis-dv-gb-mens-advice-line = Men's Advice Line, para hombres que sufren violencia doméstica: 0808 801 0327 (gratuito)
crisis-dv-ie-womens-aid = Women's Aid National Freephone Helpline: 1800 341 900 (gratuito, 24 horas)
crisis-dv-au-1800respect = 1800RESPECT: llame al 1800 737 732 (24 horas)
crisis-dv-nz-womens-refuge = Women's Refuge, línea de crisis: 0800 733 843 (gratuito, 24 horas)
crisis-dv-nz-are-you-ok = Are You OK, línea sobre violencia familiar: 0800 456 450 (gratuito)
crisis-dv-de-hilfetelefon = Hilfetelefon Gewalt gegen Frauen: 116 016 (gratuito, 24 horas)
crisis-dv-de-maennerhilfetelefon = Hilfetelefon Gewalt an Männern: 0800 123 99 00 (gratuito; lun–jue 8:00–20:00, vie 8:00–15:00)
crisis-dv-at-frauenhelpline = Frauenhelpline gegen Gewalt: 0800 222 555 (gratuito, 24 horas)
crisis-dv-at-opfer-notruf = Opfer-Notruf, para víctimas de delitos: 0800 112 112 (gratuito, 24 horas)
crisis-dv-ch-opferhilfe = Opferhilfe Schweiz / Aide aux victimes: encuentre un centro de ayuda a las víctimas cerca de usted
crisis-dv-fr-3919 = 3919 – Violences Femmes Info (gratuito, 24 horas)
crisis-dv-es-016 = 016 – atención a todas las formas de violencia contra las mujeres (gratuito, 24 horas)
crisis-dv-it-1522 = 1522 – Numero antiviolenza e stalking (gratuito, 24 horas)
crisis-dv-nl-veilig-thuis = Veilig Thuis: 0800-2000 (gratuito, 24 horas)
crisis-dv-in-women-helpline-181 = Women Helpline: llame al 181 (gratuito, 24 horas)
crisis-dv-zz-hot-peach-pages = Hot Peach Pages: ayuda contra la violencia doméstica, por países

## danger at home: tras la pregunta de un ejercicio «¿hablar podría ponerle en peligro?»,
## respondida con sí o no estoy seguro. Los nombres de los servicios (`crisis-dv-…`) van en `$lines`.

crisis-danger-at-home = Si hablar podría ponerle en peligro, no tiene que hacerlo. Ayuda ante la violencia en casa: { $lines }.
crisis-danger-at-home-unsure = Puede hablarlo con su terapeuta antes de intentarlo.
