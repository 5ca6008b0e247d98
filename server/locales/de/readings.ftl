# Die eingebauten psychoedukativen Texte. Ids: reading-<Schlüssel>-title und
# reading-<Schlüssel>-body, dessen Absätze durch eine Leerzeile getrennt sind. Die Schlüssel
# werden gespeichert (welche Texte jemand geöffnet hat) und ändern sich nie; nur die Texte.

reading-depression_is_an_illness-title = Depression ist eine Krankheit, kein Versagen
reading-depression_is_an_illness-body =
    Depression ist eine häufige Erkrankung. Sie verändert Schlaf, Appetit, Energie, Konzentration und die Art, wie Sie sich selbst und die Zukunft sehen. Sie ist kein Zeichen von Schwäche, und sie ist nicht Ihre Schuld.

    Solange Sie krank sind, ist es angemessen, weniger von sich zu erwarten, so wie bei einem gebrochenen Bein oder einer Grippe. In der Therapie nennt man das die „Krankenrolle“: Vielleicht müssen Sie manches eine Zeit lang langsamer angehen oder einige Aufgaben an andere abgeben, damit Ihre Kraft in die Genesung fließen kann.

    Die Krankenrolle ist vorübergehend. Zur Behandlung gehört, dass Sie Ihre gewohnten Rollen Schritt für Schritt wieder übernehmen, während es Ihnen besser geht.

    Depression ist behandelbar. Den meisten Menschen geht es im Lauf einer Therapie wie dieser innerhalb weniger Wochen deutlich besser.

reading-what_is_ipt-title = Was Interpersonelle Psychotherapie ist
reading-what_is_ipt-body =
    Die Interpersonelle Psychotherapie (IPT) ist eine kurze, strukturierte Behandlung der Depression. Sie umfasst meist 12 bis 16 wöchentliche Sitzungen.

    Die IPT geht von einer einfachen Beobachtung aus: Wie wir uns fühlen und was in unseren Beziehungen geschieht, beeinflusst sich gegenseitig. Ein Verlust, ein Konflikt, eine große Veränderung im Leben oder Einsamkeit können eine Depression auslösen, und eine Depression macht Beziehungen schwerer.

    Die Behandlung hat drei Phasen. In den ersten Sitzungen verschaffen Sie sich gemeinsam mit Ihrer Therapeutin oder Ihrem Therapeuten einen Überblick über die wichtigen Menschen in Ihrem Leben und einigen sich auf ein oder zwei Bereiche, an denen Sie arbeiten. In den mittleren Sitzungen arbeiten Sie an diesem Bereich und probieren neue Wege aus, mit den Situationen umzugehen, auf die es ankommt. In den letzten Sitzungen blicken Sie darauf zurück, was sich verändert hat, und planen, wie Sie stabil bleiben.

    Zwischen den Sitzungen hilft Ihnen diese App, Ihre Stimmung wahrzunehmen, das Besprochene zu üben und die Menschen im Blick zu behalten, die Ihnen wichtig sind.

reading-four_problem_areas-title = Die vier Bereiche, an denen die IPT arbeitet
reading-four_problem_areas-body =
    Die IPT konzentriert sich meist auf einen oder zwei von vier Bereichen.

    Trauer: wenn der Tod eines wichtigen Menschen sehr schwer zu verkraften war. Die Arbeit besteht darin, um den Verlust zu trauern und mit der Zeit Raum für neue Interessen und Beziehungen zu finden.

    Rollenkonflikte: wenn Sie und ein wichtiger Mensch Unterschiedliches voneinander wollen und das immer wieder zu Streit oder Schweigen führt. Die Arbeit besteht darin, die Meinungsverschiedenheit zu verstehen und einen Weg nach vorn zu finden; das kann heißen, die Beziehung neu auszuhandeln, manchmal auch, sich zu trennen.

    Rollenwechsel: wenn eine Veränderung im Leben, etwa eine neue Arbeitsstelle, ein Umzug, Elternschaft, der Ruhestand oder eine Krankheit, alles auf den Kopf gestellt hat. Die Arbeit besteht darin, die alte Rolle loszulassen, die neue gerechter zu sehen und die Fähigkeiten und die Unterstützung aufzubauen, die sie braucht.

    Zwischenmenschliche Defizite oder Einsamkeit: wenn Beziehungen lange Zeit selten oder unbefriedigend waren. Die Arbeit besteht darin, Fähigkeiten und Zuversicht aufzubauen, um Kontakte zu knüpfen und zu halten.

    Ihre Therapeutin oder Ihr Therapeut bespricht mit Ihnen, welcher Bereich am besten zu Ihrer Situation passt.

reading-mood_and_relationships-title = Stimmung und Beziehungen
reading-mood_and_relationships-body =
    Wenn Sie einen Check-in eintragen, können Sie den Menschen nennen, mit dem Sie zusammen waren oder an den Sie gedacht haben. Über einige Wochen können so Muster sichtbar werden: Menschen und Situationen, die Ihre Stimmung heben, und solche, die auf ihr lasten.

    Bei diesen Mustern geht es nicht darum, jemandem die Schuld zu geben. Sie geben Ihnen und Ihrer Therapeutin oder Ihrem Therapeuten etwas Konkretes, mit dem Sie arbeiten können: was passiert ist, was Sie gesagt haben, was Sie gern gesagt hätten und was Sie beim nächsten Mal ausprobieren könnten.

    Kleine Veränderungen in der Art, wie Sie kommunizieren, können verändern, wie sich eine Beziehung anfühlt, und eine Veränderung in einer Beziehung kann Ihre Stimmung verändern.

reading-practising_between_sessions-title = Warum zwischen den Sitzungen üben
reading-practising_between_sessions-body =
    In den Sitzungen planen Sie; im Alltag geschieht die Veränderung. Eine neue Art auszuprobieren, Ihre Meinung zu sagen, um Hilfe zu bitten oder auf jemanden zuzugehen, lehrt Sie mehr als das Reden darüber, selbst wenn Sie es nur einmal tun.

    Es ist in Ordnung, wenn eine Übung nicht wie geplant verläuft. Was passiert ist, können Sie gut in Ihre nächste Sitzung mitnehmen.

    Wenn es Sie in Gefahr bringen könnte, einem Menschen Ihre Meinung zu sagen, üben Sie nicht mit dieser Person: Sprechen Sie zuerst mit Ihrer Therapeutin oder Ihrem Therapeuten.

reading-sleep_routine_and_mood-title = Schlaf, Tagesablauf und Stimmung
reading-sleep_routine_and_mood-body =
    Eine Depression bringt Schlaf und Tagesrhythmus oft durcheinander, und ein unregelmäßiger Rhythmus kann wiederum die Stimmung drücken.

    Jeden Tag etwa zur gleichen Zeit aufzustehen, bei Tageslicht nach draußen zu gehen und etwas Zeit mit anderen Menschen zu verbringen, kann helfen, Ihre Stimmung zu stabilisieren, während der Rest der Behandlung zu wirken beginnt.

    Wenn sich Ihr Schlaf stark verändert, sagen Sie es Ihrer Therapeutin oder Ihrem Therapeuten.

reading-as_treatment_ends-title = Was Sie am Ende der Behandlung erwartet
reading-as_treatment_ends-body =
    Die IPT ist eine zeitlich begrenzte Behandlung, und ihr Ende ist von Anfang an geplant. In den letzten Sitzungen blicken Sie gemeinsam mit Ihrer Therapeutin oder Ihrem Therapeuten darauf zurück, was sich verändert hat und was Sie gelernt haben.

    Es ist natürlich, beim Abschied traurig oder beunruhigt zu sein, besonders wenn Ihnen die Sitzungen wichtig waren. Über diese Gefühle lohnt es sich in den Sitzungen selbst zu sprechen: Eine Beziehung gut zu beenden ist Teil der Arbeit.

    Das Ende der Behandlung bedeutet nicht, dass Sie alles allein bewältigen müssen. In den letzten Sitzungen planen Sie gemeinsam, wie Sie stabil bleiben und was Sie tun, wenn es wieder schwerer wird.

reading-warning_signs_of_relapse-title = Warnzeichen eines Rückfalls
reading-warning_signs_of_relapse-body =
    Eine Depression kann wiederkommen, und wenn man sie früh bemerkt, lässt sie sich leichter behandeln. Frühe Anzeichen sind oft klein: länger als eine Woche schlecht schlafen, das Interesse an Dingen verlieren, die Ihnen Freude machen, sich von anderen Menschen zurückziehen oder jede Aufgabe als viel schwerer empfinden.

    Schreiben Sie gemeinsam mit Ihrer Therapeutin oder Ihrem Therapeuten Ihre eigenen Warnzeichen auf, was Ihnen geholfen hat, an wen Sie sich wenden und wann Sie wieder Hilfe suchen: Die App bewahrt das als Ihren Plan zur Rückfallvorbeugung auf, wo Sie und Ihre Therapeutin oder Ihr Therapeut ihn finden und ändern können.

    Wenn Sie Ihre Warnzeichen zwei Wochen oder länger bemerken, wenden Sie sich an Ihre Therapeutin oder Ihren Therapeuten oder an Ihre Ärztin oder Ihren Arzt. Wenn Sie Gedanken haben, sich selbst zu verletzen, suchen Sie sofort Hilfe: Die Anlaufstellen für Krisen in der App nennen, wen Sie anrufen können.
    .with-plan =
        Eine Depression kann wiederkommen, und wenn man sie früh bemerkt, lässt sie sich leichter behandeln. Frühe Anzeichen sind oft klein: länger als eine Woche schlecht schlafen, das Interesse an Dingen verlieren, die Ihnen Freude machen, sich von anderen Menschen zurückziehen oder jede Aufgabe als viel schwerer empfinden.

        Ihr Plan zur Rückfallvorbeugung in der App enthält Ihre eigenen Warnzeichen, was Ihnen geholfen hat, an wen Sie sich wenden und wann Sie wieder Hilfe suchen; Sie und Ihre Therapeutin oder Ihr Therapeut können ihn dort finden und ändern.

        Wenn Sie Ihre Warnzeichen zwei Wochen oder länger bemerken, wenden Sie sich an Ihre Therapeutin oder Ihren Therapeuten oder an Ihre Ärztin oder Ihren Arzt. Wenn Sie Gedanken haben, sich selbst zu verletzen, suchen Sie sofort Hilfe: Die Anlaufstellen für Krisen in der App nennen, wen Sie anrufen können.
    .without-plan =
        Eine Depression kann wiederkommen, und wenn man sie früh bemerkt, lässt sie sich leichter behandeln. Frühe Anzeichen sind oft klein: länger als eine Woche schlecht schlafen, das Interesse an Dingen verlieren, die Ihnen Freude machen, sich von anderen Menschen zurückziehen oder jede Aufgabe als viel schwerer empfinden.

        Schreiben Sie gemeinsam mit Ihrer Therapeutin oder Ihrem Therapeuten Ihre eigenen Warnzeichen auf, was Ihnen geholfen hat, an wen Sie sich wenden und wann Sie wieder Hilfe suchen: Bitten Sie in der nächsten Sitzung darum, gemeinsam einen Plan zur Rückfallvorbeugung zu erstellen; die App bewahrt ihn dann auf, wo Sie beide ihn finden.

        Wenn Sie Ihre Warnzeichen zwei Wochen oder länger bemerken, wenden Sie sich an Ihre Therapeutin oder Ihren Therapeuten oder an Ihre Ärztin oder Ihren Arzt. Wenn Sie Gedanken haben, sich selbst zu verletzen, suchen Sie sofort Hilfe: Die Anlaufstellen für Krisen in der App nennen, wen Sie anrufen können.

reading-staying_well-title = Nach der Behandlung stabil bleiben
reading-staying_well-body =
    Machen Sie weiter mit dem, was geholfen hat: den Gewohnheiten, den Gesprächen, den Menschen, zu denen Sie wieder Kontakt gefunden haben.

    Wenn Sie ab und zu einen Check-in in der App machen, können Sie Veränderungen Ihrer Stimmung früh bemerken. Wenn Sie einen Plan zur Rückfallvorbeugung haben und ihn ab und zu in der App lesen, bleiben Ihnen Ihre Warnzeichen präsent.

    Noch einmal um Hilfe zu bitten, ist kein Versagen. Vielen Menschen helfen einige Auffrischungssitzungen, wenn das Leben schwierig wird.
    .with-plan =
        Machen Sie weiter mit dem, was geholfen hat: den Gewohnheiten, den Gesprächen, den Menschen, zu denen Sie wieder Kontakt gefunden haben.

        Wenn Sie ab und zu einen Check-in in der App machen, können Sie Veränderungen Ihrer Stimmung früh bemerken. Wenn Sie ab und zu Ihren Plan zur Rückfallvorbeugung in der App lesen, bleiben Ihnen Ihre Warnzeichen präsent.

        Noch einmal um Hilfe zu bitten, ist kein Versagen. Vielen Menschen helfen einige Auffrischungssitzungen, wenn das Leben schwierig wird.
    .without-plan =
        Machen Sie weiter mit dem, was geholfen hat: den Gewohnheiten, den Gesprächen, den Menschen, zu denen Sie wieder Kontakt gefunden haben.

        Wenn Sie ab und zu einen Check-in in der App machen, können Sie Veränderungen Ihrer Stimmung früh bemerken. Ihre Therapeutin oder Ihr Therapeut kann Ihnen helfen, einen Plan zur Rückfallvorbeugung zu schreiben; wenn Sie ihn ab und zu lesen, bleiben Ihnen Ihre Warnzeichen präsent.

        Noch einmal um Hilfe zu bitten, ist kein Versagen. Vielen Menschen helfen einige Auffrischungssitzungen, wenn das Leben schwierig wird.
