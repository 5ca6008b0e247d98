# Der eine Satz der Zusammenfassung am Ende der Behandlung für die Klientin oder den Klienten.
# Das Ergebnis nie der Person zuschreiben: Eine Depression klingt in ihrem eigenen Tempo ab.
course-summary-remission = Ihre Fragebogenwerte liegen jetzt im Bereich weniger oder keiner Beschwerden. Es lohnt sich, an dem dranzubleiben, was Sie mit Ihrer Therapeutin oder Ihrem Therapeuten erarbeitet haben.
course-summary-response = Ihre Fragebogenwerte sind seit Beginn um die Hälfte oder mehr gesunken. Sprechen Sie mit Ihrer Therapeutin oder Ihrem Therapeuten darüber, was geholfen hat und wie es weitergehen kann.
course-summary-better = Ihre Fragebogenwerte sind niedriger als zu Beginn. Ihre Therapeutin oder Ihr Therapeut bespricht mit Ihnen, was sich verändert hat und was als Nächstes helfen kann.
course-summary-not-yet = Ihre Fragebogenwerte sind noch nicht gesunken. Das kommt vor und sagt nichts über Sie aus: Ihre Therapeutin oder Ihr Therapeut bespricht mit Ihnen, was als Nächstes helfen kann.
course-summary-no-measure = Aus dieser Behandlung liegen nicht genug Fragebögen für einen Vergleich vor. Ihre Therapeutin oder Ihr Therapeut bespricht mit Ihnen, wie die Behandlung verlaufen ist.
