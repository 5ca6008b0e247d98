# Anlaufstellen für Krisen: was die App einer Person sagt, die in Gefahr sein könnte. Nur sagen,
# was der Server wirklich tut (eine Nachricht an die Therapeutin oder den Therapeuten ist nur bei
# `notifying` unterwegs). Namen und Nummern der Dienste bleiben, wie die Dienste sie schreiben.

crisis-danger-with-number = Wenn Sie jetzt in Gefahr sind, rufen Sie die { $number } an oder gehen Sie in die nächste Notaufnahme.
crisis-danger-without-number = Wenn Sie jetzt in Gefahr sind, rufen Sie die örtliche Notrufnummer an oder gehen Sie in die nächste Notaufnahme. In der EU und mit den meisten Mobiltelefonen erreichen Sie den Notruf unter 112.
crisis-talk-now = Sie können auch jetzt gleich mit jemandem sprechen:
crisis-websites = Im Internet:
crisis-notifying = Wir senden Ihrer Therapeutin oder Ihrem Therapeuten jetzt eine Nachricht; möglicherweise wird sie nicht sofort gelesen.
crisis-notifying-on-call = Wir senden Ihrer Therapeutin oder Ihrem Therapeuten und dem Bereitschaftsdienst Ihrer Praxis jetzt eine Nachricht; möglicherweise wird sie nicht sofort gelesen.
crisis-already-notified = Ihre Therapeutin oder Ihr Therapeut hat zu Ihren früheren Antworten bereits eine Nachricht erhalten und sieht diese Antwort zusammen mit ihnen.
crisis-not-notifying = Ihre Therapeutin oder Ihr Therapeut sieht dies, wenn sie oder er IPT Companion das nächste Mal öffnet.
crisis-safety-plan = Ihr Sicherheitsplan ist in der App.
crisis-no-safety-plan = Sie und Ihre Therapeutin oder Ihr Therapeut können in der nächsten Sitzung gemeinsam einen Sicherheitsplan erstellen.

## Die eingebauten Dienste nach Region (`crisis_resources.json` nennt jeden mit seiner Id). Was
## eine Bezeichnung sagt („kostenlos“, „rund um die Uhr“, „Anruf oder SMS“), ist in
## docs/crisis-resources.md geprüft: Eine Übersetzung sagt genau das, nicht mehr.

crisis-link-us-988-call = 988 Suicide & Crisis Lifeline: Anruf oder SMS an 988
crisis-link-us-988-chat = 988 Lifeline: Online-Chat
crisis-link-ca-988-call = 9-8-8 Suicide Crisis Helpline: Anruf oder SMS an 988
crisis-link-ca-988-website = 9-8-8 Suicide Crisis Helpline: Website
crisis-link-gb-samaritans-call = Samaritans: Anruf unter 116 123 (kostenlos, rund um die Uhr)
crisis-link-gb-samaritans-other = Samaritans: weitere Kontaktmöglichkeiten
crisis-link-ie-samaritans-call = Samaritans: Anruf unter 116 123 (kostenlos, rund um die Uhr)
crisis-link-ie-pieta-call = Pieta Crisis Helpline: Anruf unter 1800 247 247 (kostenlos, rund um die Uhr)
crisis-link-au-lifeline-call = Lifeline: Anruf unter 13 11 14 (rund um die Uhr)
crisis-link-au-lifeline-text-chat = Lifeline: SMS an 0477 13 11 14 oder Online-Chat
crisis-link-nz-1737-call = 1737 Need to talk?: kostenloser Anruf oder SMS an 1737 (rund um die Uhr)
crisis-link-de-telefonseelsorge-0800-111-0-111 = TelefonSeelsorge: 0800 111 0 111 (kostenlos, rund um die Uhr)
crisis-link-de-telefonseelsorge-0800-111-0-222 = TelefonSeelsorge: 0800 111 0 222 (kostenlos, rund um die Uhr)
crisis-link-de-telefonseelsorge-116-123 = TelefonSeelsorge: 116 123 (kostenlos, rund um die Uhr)
crisis-link-at-telefonseelsorge-call = TelefonSeelsorge: Anruf unter 142 (kostenlos, rund um die Uhr)
crisis-link-at-telefonseelsorge-online = TelefonSeelsorge: Online-Chat und Mail
crisis-link-ch-143-call = Die Dargebotene Hand / La Main Tendue: Anruf unter 143 (kostenlos, rund um die Uhr)
crisis-link-ch-143-online = Tel 143: Chat oder Mail online
crisis-link-fr-3114-call = 3114 – numéro national de prévention du suicide (kostenlos, rund um die Uhr)
crisis-link-fr-3114-website = 3114: Website
crisis-link-es-024-call = Línea 024 – atención a la conducta suicida (kostenlos, rund um die Uhr)
crisis-link-it-telefono-amico-call = Telefono Amico Italia: 02 2327 2327 (täglich 9:00–24:00)
crisis-link-it-telefono-amico-online = Telefono Amico Italia: WhatsApp und E-Mail
crisis-link-nl-113-call = 113 Zelfmoordpreventie: Anruf unter 113 (kostenlos, rund um die Uhr)
crisis-link-nl-113-0800 = 113 Zelfmoordpreventie: 0800-0113 (kostenlos, rund um die Uhr)
crisis-link-nl-113-chat = 113 Zelfmoordpreventie: Online-Chat
crisis-link-in-tele-manas-call = Tele MANAS: Anruf unter 14416 (kostenlos, rund um die Uhr)
crisis-link-in-tele-manas-toll-free = Tele MANAS: 1800 891 4416 (gebührenfrei, rund um die Uhr)
crisis-link-zz-find-a-helpline = Find A Helpline, eine Website mit Hilfetelefonen in Ihrem Land

## domestic-violence lines
## Die Nummern, die nach „Könnte es Sie in Gefahr bringen, etwas zu sagen?“ mit „Ja“ zuerst
## erscheinen (`domestic_violence` in `crisis_resources.json`). Quellen je Nummer in
## docs/crisis-resources.md; „kostenlos“, „rund um die Uhr“ und Zeiten nur, wo die Quellen es sagen.

crisis-dv-us-thehotline = National Domestic Violence Hotline: Anruf unter 1-800-799-7233 oder SMS mit START an 88788 (kostenlos, rund um die Uhr)
crisis-dv-ca-sheltersafe = ShelterSafe: ein Frauenhaus in Ihrer Nähe und seine 24-Stunden-Krisenlinie finden
crisis-dv-gb-national-da-helpline = National Domestic Abuse Helpline: 0808 2000 247 (kostenlos, rund um die Uhr)
crisis-dv-gb-mens-advice-line = Men's Advice Line, für Männer, die häusliche Gewalt erleben: 0808 801 0327 (kostenlos)
crisis-dv-ie-womens-aid = Women's Aid National Freephone Helpline: 1800 341 900 (kostenlos, rund um die Uhr)
crisis-dv-au-1800respect = 1800RESPECT: Anruf unter 1800 737 732 (rund um die Uhr)
crisis-dv-nz-womens-refuge = Women's Refuge, Krisentelefon: 0800 733 843 (kostenlos, rund um die Uhr)
crisis-dv-nz-are-you-ok = Are You OK, Telefon bei Gewalt in der Familie: 0800 456 450 (kostenlos)
crisis-dv-de-hilfetelefon = Hilfetelefon Gewalt gegen Frauen: 116 016 (kostenlos, rund um die Uhr)
crisis-dv-de-maennerhilfetelefon = Hilfetelefon Gewalt an Männern: 0800 123 99 00 (kostenlos; Mo–Do 8:00–20:00, Fr 8:00–15:00)
crisis-dv-at-frauenhelpline = Frauenhelpline gegen Gewalt: 0800 222 555 (kostenlos, rund um die Uhr)
crisis-dv-at-opfer-notruf = Opfer-Notruf, für Opfer von Straftaten: 0800 112 112 (kostenlos, rund um die Uhr)
crisis-dv-ch-opferhilfe = Opferhilfe Schweiz / Aide aux victimes: eine Opferberatungsstelle in Ihrer Nähe finden
crisis-dv-fr-3919 = 3919 – Violences Femmes Info (kostenlos, rund um die Uhr)
crisis-dv-es-016 = 016 – atención a todas las formas de violencia contra las mujeres (kostenlos, rund um die Uhr)
crisis-dv-it-1522 = 1522 – Numero antiviolenza e stalking (kostenlos, rund um die Uhr)
crisis-dv-nl-veilig-thuis = Veilig Thuis: 0800-2000 (kostenlos, rund um die Uhr)
crisis-dv-in-women-helpline-181 = Women Helpline: Anruf unter 181 (kostenlos, rund um die Uhr)
crisis-dv-zz-hot-peach-pages = Hot Peach Pages: Hilfe bei häuslicher Gewalt, nach Ländern geordnet

## danger at home: nach der Frage einer Übung „Könnte Sie das Ansprechen in Gefahr bringen?“,
## beantwortet mit ja oder unsicher. Die Namen der Dienste (`crisis-dv-…`) stehen in `$lines`.

crisis-danger-at-home = Wenn Sie das Ansprechen in Gefahr bringen könnte, müssen Sie es nicht tun. Hilfe bei Gewalt zu Hause: { $lines }.
crisis-danger-at-home-unsure = Sie können es mit Ihrer Therapeutin oder Ihrem Therapeuten besprechen, bevor Sie es versuchen.
