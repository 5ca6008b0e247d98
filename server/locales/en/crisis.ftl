# Crisis resources: what the app tells a client who may be in danger. Say only what the server
# really does (a message to the therapist is on its way only when `notifying`). Names and
# numbers of services stay as the services write them.

crisis-danger-with-number = If you are in danger now, call { $number } or go to the nearest emergency department.
crisis-danger-without-number = If you are in danger now, call your local emergency number or go to the nearest emergency department. In the EU and on most mobile phones, 112 reaches emergency services.
crisis-talk-now = You can also talk to someone now:
# Before the labels of websites only (no phone line to name): a website is not someone to talk to.
crisis-websites = On the web:
crisis-notifying = We are sending your therapist a message now; they may not see it straight away.
crisis-notifying-on-call = We are sending your therapist and your clinic's on-call clinician a message now; they may not see it straight away.
crisis-already-notified = Your therapist has already been sent a message about your earlier answers and will see this one with them.
crisis-not-notifying = Your therapist will see this the next time they open IPT Companion.
crisis-safety-plan = Your safety plan is in the app.
crisis-no-safety-plan = You and your therapist can make a safety plan together at your next session.

## The built-in services, by region (`crisis_resources.json` names each by its id). What a
## label says ("free", "24/7", "call or text") is checked in docs/crisis-resources.md: a
## translation says exactly that, no more.

crisis-link-us-988-call = 988 Suicide & Crisis Lifeline: call or text 988
crisis-link-us-988-chat = 988 Lifeline: chat online
crisis-link-ca-988-call = 9-8-8 Suicide Crisis Helpline: call or text 988
crisis-link-ca-988-website = 9-8-8 Suicide Crisis Helpline: website
crisis-link-gb-samaritans-call = Samaritans: call 116 123 (free, 24/7)
crisis-link-gb-samaritans-other = Samaritans: other ways to get in touch
crisis-link-ie-samaritans-call = Samaritans: call 116 123 (free, 24/7)
crisis-link-ie-pieta-call = Pieta Crisis Helpline: call 1800 247 247 (free, 24/7)
crisis-link-au-lifeline-call = Lifeline: call 13 11 14 (24/7)
crisis-link-au-lifeline-text-chat = Lifeline: text 0477 13 11 14 or chat online
crisis-link-nz-1737-call = 1737 Need to talk?: free call or text 1737 (24/7)
crisis-link-de-telefonseelsorge-0800-111-0-111 = TelefonSeelsorge: 0800 111 0 111 (free, 24/7)
crisis-link-de-telefonseelsorge-0800-111-0-222 = TelefonSeelsorge: 0800 111 0 222 (free, 24/7)
crisis-link-de-telefonseelsorge-116-123 = TelefonSeelsorge: 116 123 (free, 24/7)
crisis-link-at-telefonseelsorge-call = TelefonSeelsorge: call 142 (free, 24/7)
crisis-link-at-telefonseelsorge-online = TelefonSeelsorge: online chat and mail
crisis-link-ch-143-call = Die Dargebotene Hand / La Main Tendue: call 143 (free, 24/7)
crisis-link-ch-143-online = Tel 143: chat or mail online
crisis-link-fr-3114-call = 3114 – numéro national de prévention du suicide (free, 24/7)
crisis-link-fr-3114-website = 3114: website
crisis-link-es-024-call = Línea 024 – atención a la conducta suicida (free, 24/7)
crisis-link-it-telefono-amico-call = Telefono Amico Italia: 02 2327 2327 (daily 9:00–24:00)
crisis-link-it-telefono-amico-online = Telefono Amico Italia: WhatsApp and e-mail
crisis-link-nl-113-call = 113 Zelfmoordpreventie: call 113 (free, 24/7)
crisis-link-nl-113-0800 = 113 Zelfmoordpreventie: 0800-0113 (free, 24/7)
crisis-link-nl-113-chat = 113 Zelfmoordpreventie: chat online
crisis-link-in-tele-manas-call = Tele MANAS: call 14416 (free, 24/7)
crisis-link-in-tele-manas-toll-free = Tele MANAS: 1800 891 4416 (toll-free, 24/7)
crisis-link-zz-find-a-helpline = Find A Helpline, a website listing helplines in your country

## domestic-violence lines
## The lines shown first after "could speaking up put you in danger?" is answered "yes"
## (`domestic_violence` in `crisis_resources.json`). Sources per line in
## docs/crisis-resources.md; "free", "24/7" and hours only where those sources say so.

crisis-dv-us-thehotline = National Domestic Violence Hotline: call 1-800-799-7233 or text START to 88788 (free, 24/7)
crisis-dv-ca-sheltersafe = ShelterSafe: find a women's shelter near you and its 24-hour crisis line
crisis-dv-gb-national-da-helpline = National Domestic Abuse Helpline: 0808 2000 247 (free, 24/7)
crisis-dv-gb-mens-advice-line = Men's Advice Line, for men experiencing domestic abuse: 0808 801 0327 (free)
crisis-dv-ie-womens-aid = Women's Aid National Freephone Helpline: 1800 341 900 (free, 24/7)
crisis-dv-au-1800respect = 1800RESPECT: call 1800 737 732 (24/7)
crisis-dv-nz-womens-refuge = Women's Refuge crisis line: 0800 733 843 (free, 24/7)
crisis-dv-nz-are-you-ok = Are You OK family violence line: 0800 456 450 (free)
crisis-dv-de-hilfetelefon = Hilfetelefon Gewalt gegen Frauen: 116 016 (free, 24/7)
crisis-dv-de-maennerhilfetelefon = Hilfetelefon Gewalt an Männern: 0800 123 99 00 (free; Mon–Thu 8:00–20:00, Fri 8:00–15:00)
crisis-dv-at-frauenhelpline = Frauenhelpline gegen Gewalt: 0800 222 555 (free, 24/7)
crisis-dv-at-opfer-notruf = Opfer-Notruf, for victims of crime: 0800 112 112 (free, 24/7)
crisis-dv-ch-opferhilfe = Opferhilfe Schweiz / Aide aux victimes: find a victim-support centre near you
crisis-dv-fr-3919 = 3919 – Violences Femmes Info (free, 24/7)
crisis-dv-es-016 = 016 – atención a todas las formas de violencia contra las mujeres (free, 24/7)
crisis-dv-it-1522 = 1522 – Numero antiviolenza e stalking (free, 24/7)
crisis-dv-nl-veilig-thuis = Veilig Thuis: 0800-2000 (free, 24/7)
crisis-dv-in-women-helpline-181 = Women Helpline: call 181 (free, 24/7)
crisis-dv-zz-hot-peach-pages = Hot Peach Pages: domestic-violence help listed by country

## danger at home: after an exercise's question "could speaking up put you in danger?" was
## answered yes or unsure. The services' own labels (`crisis-dv-…`) are listed in `$lines`.

crisis-danger-at-home = If speaking up could put you in danger, you do not have to do it. Help with violence at home: { $lines }.
crisis-danger-at-home-unsure = You can talk it over with your therapist before you try it.
