# Titel, Fertigkeiten, Anleitungen, Fragen und Sicherheitsfragen der eingebauten Übungen.
# Ids: exercise-<Übungsschlüssel>-title | -skill | -instructions | -safety-check |
# -prompt-<Frageschlüssel>. Die Schlüssel werden gespeichert und ändern sich nie; nur die Texte.

## mood_relationship_diary

exercise-mood_relationship_diary-title = Tagebuch zu Stimmung und Beziehungen
exercise-mood_relationship_diary-skill = Stimmung und Beziehungen in Verbindung bringen
exercise-mood_relationship_diary-instructions = Denken Sie darüber nach, wie Sie sich heute gefühlt haben, und an einen Moment mit einem anderen Menschen, der Ihnen in Erinnerung geblieben ist, ob groß oder klein. Schreiben Sie auf, was passiert ist, wer dabei war und wie Sie sich danach gefühlt haben. Mit der Zeit kann Ihnen das helfen zu bemerken, wie Ihre Stimmung und Ihre Beziehungen zusammenhängen. Es gibt keine richtigen oder falschen Antworten.
exercise-mood_relationship_diary-prompt-what_happened = Was ist heute zwischen Ihnen und einem anderen Menschen passiert?
exercise-mood_relationship_diary-prompt-who_was_involved = Wer war beteiligt?
exercise-mood_relationship_diary-prompt-how_i_felt = Wie haben Sie sich dabei oder danach gefühlt?
exercise-mood_relationship_diary-prompt-how_it_affected_my_mood = Wie hat es Ihre Stimmung für den Rest des Tages beeinflusst?

## expressing_feelings

exercise-expressing_feelings-title = Ein Gefühl in Worte fassen
exercise-expressing_feelings-skill = Gefühle zulassen und ausdrücken
exercise-expressing_feelings-instructions = Starke Gefühle gegenüber den Menschen in unserem Leben sind normal, auch Ärger, Traurigkeit und Schuldgefühle, und sie zu benennen ist der erste Schritt, um etwas mit ihnen anzufangen. Denken Sie an einen Moment in letzter Zeit mit einem anderen Menschen, in dem Sie etwas stark gefühlt haben. Benennen Sie das Gefühl, wie stark es war und wie Sie es gezeigt haben, falls Sie es gezeigt haben, und was Sie dazu gern sagen würden. Es gibt keine falschen Gefühle.
exercise-expressing_feelings-prompt-situation = Was ist passiert, und mit wem?
exercise-expressing_feelings-prompt-feeling = Was haben Sie gefühlt? Versuchen Sie, es mit ein oder zwei Worten zu benennen.
exercise-expressing_feelings-prompt-feeling_strength = Wie stark war das Gefühl? (0 = kaum, 10 = so stark wie nur möglich)
exercise-expressing_feelings-prompt-how_i_showed_it = Haben Sie gezeigt oder gesagt, wie Sie sich gefühlt haben? Wie?
exercise-expressing_feelings-prompt-what_i_would_like_to_say = Was würden Sie der Person gern dazu sagen?

## communication_analysis

exercise-communication_analysis-title = Auf ein Gespräch zurückblicken
exercise-communication_analysis-skill = Kommunikationsanalyse
exercise-communication_analysis-instructions = Wählen Sie ein Gespräch aus der letzten Zeit, das Ihnen wichtig war, vor allem eines, das nicht so verlaufen ist, wie Sie es sich erhofft hatten. Versuchen Sie, es sich Schritt für Schritt in Erinnerung zu rufen: was Sie wollten, was auf beiden Seiten tatsächlich gesagt wurde und wie Sie sich gefühlt haben. Überlegen Sie dann, was Sie beim nächsten Mal anders sagen könnten. Es geht nicht darum, jemandem die Schuld zu geben, sondern nur darum, zu verstehen.
exercise-communication_analysis-prompt-situation = Wie war die Situation, und mit wem haben Sie gesprochen?
exercise-communication_analysis-prompt-what_i_wanted = Was wollten oder erhofften Sie sich von dem Gespräch?
exercise-communication_analysis-prompt-what_i_said = Was haben Sie gesagt, so genau Sie sich erinnern können?
exercise-communication_analysis-prompt-what_they_said = Was hat die andere Person darauf gesagt oder getan?
exercise-communication_analysis-prompt-how_i_felt = Wie haben Sie sich während und nach dem Gespräch gefühlt?
exercise-communication_analysis-prompt-what_i_could_say_next_time = Was könnten Sie beim nächsten Mal anders sagen oder tun?

## role_play_rehearsal

exercise-role_play_rehearsal-title = Ein schwieriges Gespräch üben
exercise-role_play_rehearsal-skill = Rollenspiel
exercise-role_play_rehearsal-instructions = Wählen Sie ein Gespräch, das Sie gern führen würden, aber nur schwer beginnen können. Planen Sie, was Sie sagen möchten, stellen Sie sich vor, wie die andere Person reagieren könnte, und überlegen Sie, wie Sie darauf antworten könnten. Sie können das Gespräch vorher laut üben, allein oder mit jemandem, dem Sie vertrauen. Wenn es Sie in Gefahr bringen könnte, Ihre Meinung zu sagen, üben Sie nicht mit dieser Person: Sprechen Sie zuerst mit Ihrer Therapeutin oder Ihrem Therapeuten.
exercise-role_play_rehearsal-safety-check = Könnte es Sie in Gefahr bringen, dieser Person Ihre Meinung zu sagen?
exercise-role_play_rehearsal-prompt-who = Mit wem möchten Sie das Gespräch führen?
exercise-role_play_rehearsal-prompt-what_i_want_to_say = Was möchten Sie der Person sagen?
exercise-role_play_rehearsal-prompt-how_they_might_respond = Wie könnte die Person reagieren?
exercise-role_play_rehearsal-prompt-how_i_will_answer = Wie werden Sie antworten, wenn sie so reagiert?
exercise-role_play_rehearsal-prompt-how_confident_i_feel = Wie zuversichtlich sind Sie jetzt, dieses Gespräch zu führen?
exercise-role_play_rehearsal-prompt-confidence_rating = Wie zuversichtlich sind Sie jetzt, dieses Gespräch zu führen? (0 = gar nicht, 10 = völlig)

## i_statements

exercise-i_statements-title = Sagen, was Sie brauchen
exercise-i_statements-skill = Bedürfnisse mit Ich-Botschaften ausdrücken
exercise-i_statements-instructions = Eine Ich-Botschaft beschreibt, wie Sie sich fühlen und was Sie brauchen, ohne der anderen Person Vorwürfe zu machen, zum Beispiel: „Ich fühle mich ausgeschlossen, wenn Pläne ohne mich geändert werden; ich würde gern, dass wir gemeinsam entscheiden.“ Denken Sie an eine Situation, in der Sie sich etwas anders wünschen, und formulieren Sie Schritt für Schritt Ihre eigene Botschaft. Wenn es Sie in Gefahr bringen könnte, Ihre Meinung zu sagen, üben Sie nicht mit dieser Person: Sprechen Sie zuerst mit Ihrer Therapeutin oder Ihrem Therapeuten.
exercise-i_statements-safety-check = Könnte es Sie in Gefahr bringen, dieser Person Ihre Meinung zu sagen?
exercise-i_statements-prompt-situation = Um welche Situation geht es?
exercise-i_statements-prompt-feeling = Wie fühlen Sie sich, wenn es passiert?
exercise-i_statements-prompt-need = Was brauchen Sie in diesem Moment?
exercise-i_statements-prompt-request = Worum möchten Sie die andere Person bitten?
exercise-i_statements-prompt-my_statement = Welche Ich-Botschaft werden Sie verwenden?

## decision_analysis

exercise-decision_analysis-title = Ihre Möglichkeiten abwägen
exercise-decision_analysis-skill = Entscheidungsanalyse
exercise-decision_analysis-instructions = Wenn Sie in einer Meinungsverschiedenheit feststecken oder vor einer Veränderung stehen, kann es helfen, alle Möglichkeiten nebeneinander zu sehen. Schreiben Sie jede Möglichkeit auf, die Ihnen einfällt, auch wenn sie unwahrscheinlich scheint, und was jeweils dafür und dagegen spricht. Wählen Sie dann eine aus, die Sie ausprobieren möchten, und einen kleinen ersten Schritt, den Sie gehen können.
exercise-decision_analysis-prompt-decision = Vor welcher Entscheidung oder welchem Problem stehen Sie?
exercise-decision_analysis-prompt-options = Welche Möglichkeiten haben Sie?
exercise-decision_analysis-prompt-pros_and_cons = Was spricht jeweils für und gegen die einzelnen Möglichkeiten?
exercise-decision_analysis-prompt-option_i_choose = Welche Möglichkeit wählen Sie zum Ausprobieren?
exercise-decision_analysis-prompt-first_step = Was ist Ihr erster Schritt, und wann werden Sie ihn gehen?

## building_social_contacts

exercise-building_social_contacts-title = Ein kleiner Schritt auf jemanden zu
exercise-building_social_contacts-skill = Soziale Kontakte aufbauen
exercise-building_social_contacts-instructions = Wählen Sie einen Menschen, dem Sie sich näher fühlen oder den Sie kennenlernen möchten, und einen kleinen, machbaren Schritt auf ihn zu, etwa eine Nachricht, einen Anruf oder einen kurzen Besuch. Wenn Sie ihn ausprobiert haben, schreiben Sie auf, was passiert ist und wie es sich angefühlt hat. Jeder Schritt zählt, ganz gleich, wie er ausgeht.
exercise-building_social_contacts-prompt-who = Auf wen möchten Sie zugehen?
exercise-building_social_contacts-prompt-the_step = Welchen kleinen Schritt werden Sie gehen?
exercise-building_social_contacts-prompt-when = Wann werden Sie ihn gehen?
exercise-building_social_contacts-prompt-what_happened = Was ist passiert, als Sie es ausprobiert haben?
exercise-building_social_contacts-prompt-how_it_felt = Wie hat es sich angefühlt?

## grief_work

exercise-grief_work-title = An den Menschen denken, den Sie verloren haben
exercise-grief_work-skill = Trauerarbeit
exercise-grief_work-instructions = Nehmen Sie sich etwas ruhige Zeit, um an den Menschen zu denken, den Sie verloren haben, und an Ihre Beziehung zu ihm, an die guten wie an die schwereren Zeiten. Beziehungen sind selten nur das eine oder das andere, und jedes Gefühl, das Sie dabei haben, ist erlaubt. Schreiben Sie so viel oder so wenig, wie Sie möchten, und hören Sie auf, wann immer Sie es brauchen. Trauern heißt mit der Zeit auch, dem weitergehenden Leben Raum zu geben: Die letzten Fragen betreffen Interessen und Menschen, denen Sie sich wieder zuwenden könnten. Wenn es Ihnen zu viel wird, hören Sie auf und tun Sie etwas, das Sie beruhigt; wenn Sie sich nicht sicher fühlen, öffnen Sie die Anlaufstellen für Krisen in der App oder Ihren Sicherheitsplan, falls Sie einen haben.
    .with-plan = Nehmen Sie sich etwas ruhige Zeit, um an den Menschen zu denken, den Sie verloren haben, und an Ihre Beziehung zu ihm, an die guten wie an die schwereren Zeiten. Beziehungen sind selten nur das eine oder das andere, und jedes Gefühl, das Sie dabei haben, ist erlaubt. Schreiben Sie so viel oder so wenig, wie Sie möchten, und hören Sie auf, wann immer Sie es brauchen. Trauern heißt mit der Zeit auch, dem weitergehenden Leben Raum zu geben: Die letzten Fragen betreffen Interessen und Menschen, denen Sie sich wieder zuwenden könnten. Wenn es Ihnen zu viel wird, hören Sie auf und tun Sie etwas, das Sie beruhigt; wenn Sie sich nicht sicher fühlen, öffnen Sie Ihren Sicherheitsplan oder die Anlaufstellen für Krisen in der App.
    .without-plan = Nehmen Sie sich etwas ruhige Zeit, um an den Menschen zu denken, den Sie verloren haben, und an Ihre Beziehung zu ihm, an die guten wie an die schwereren Zeiten. Beziehungen sind selten nur das eine oder das andere, und jedes Gefühl, das Sie dabei haben, ist erlaubt. Schreiben Sie so viel oder so wenig, wie Sie möchten, und hören Sie auf, wann immer Sie es brauchen. Trauern heißt mit der Zeit auch, dem weitergehenden Leben Raum zu geben: Die letzten Fragen betreffen Interessen und Menschen, denen Sie sich wieder zuwenden könnten. Wenn es Ihnen zu viel wird, hören Sie auf und tun Sie etwas, das Sie beruhigt; wenn Sie sich nicht sicher fühlen, öffnen Sie die Anlaufstellen für Krisen in der App, und bitten Sie Ihre Therapeutin oder Ihren Therapeuten, in der nächsten Sitzung gemeinsam mit Ihnen einen Sicherheitsplan zu erstellen.
exercise-grief_work-prompt-good_memories = Welche guten Erinnerungen haben Sie an diesen Menschen?
exercise-grief_work-prompt-difficult_memories = Was war schwierig in Ihrer Beziehung zu ihm?
exercise-grief_work-prompt-what_i_miss = Was vermissen Sie am meisten?
exercise-grief_work-prompt-what_i_would_say = Was würden Sie ihm jetzt gern sagen?
exercise-grief_work-prompt-who_i_can_share_with = Mit wem könnten Sie diese Erinnerungen teilen?
exercise-grief_work-prompt-interests_to_return_to = Welches Interesse oder welche Tätigkeit könnten Sie wieder aufnehmen oder zum ersten Mal ausprobieren?
exercise-grief_work-prompt-people_to_spend_time_with = Mit wem könnten Sie in den kommenden Wochen mehr Zeit verbringen?

## role_transition_old_and_new

exercise-role_transition_old_and_new-title = Zwischen Altem und Neuem
exercise-role_transition_old_and_new-skill = Rollenwechsel
exercise-role_transition_old_and_new-instructions = Veränderungen im Leben, auch willkommene, bedeuten oft, etwas loszulassen und zugleich etwas Neues zu lernen. Denken Sie an Ihr Leben vor der Veränderung und an Ihr Leben jetzt: was Sie verloren haben, was Sie gewonnen haben und was Ihnen helfen könnte, in der neuen Situation anzukommen.
exercise-role_transition_old_and_new-prompt-the_change = Welche Veränderung erleben Sie gerade?
exercise-role_transition_old_and_new-prompt-what_i_lost = Was haben Sie mit der alten Rolle verloren oder zurückgelassen?
exercise-role_transition_old_and_new-prompt-what_i_gained = Was haben Sie in der neuen Rolle gewonnen, oder was könnten Sie gewinnen?
exercise-role_transition_old_and_new-prompt-skills_i_need = Welche Fähigkeiten oder welches Wissen würden Ihnen in der neuen Rolle helfen?
exercise-role_transition_old_and_new-prompt-support_available = Wer oder was könnte Sie bei dieser Veränderung unterstützen?

## role_dispute_stage

exercise-role_dispute_stage-title = Eine Meinungsverschiedenheit verstehen
exercise-role_dispute_stage-skill = Rollenkonflikt
exercise-role_dispute_stage-instructions = Meinungsverschiedenheiten entstehen oft aus unterschiedlichen Erwartungen, die nie ausgesprochen wurden. Denken Sie an eine andauernde Meinungsverschiedenheit mit einem Menschen, der Ihnen wichtig ist: was jeder von Ihnen erwartet und wo Sie gerade stehen. Wählen Sie dann eine Sache, die Sie ausprobieren könnten, um weiterzukommen. Wenn es Sie in Gefahr bringen könnte, Ihre Meinung zu sagen, üben Sie nicht mit dieser Person: Sprechen Sie zuerst mit Ihrer Therapeutin oder Ihrem Therapeuten.
exercise-role_dispute_stage-safety-check = Könnte es Sie in Gefahr bringen, dieser Person Ihre Meinung zu sagen?
exercise-role_dispute_stage-prompt-who = Mit wem haben Sie die Meinungsverschiedenheit?
exercise-role_dispute_stage-prompt-what_i_expect = Was erwarten Sie von der Person?
exercise-role_dispute_stage-prompt-what_they_expect = Was erwartet die Person Ihrer Meinung nach von Ihnen?
exercise-role_dispute_stage-prompt-where_things_stand = Wo stehen Sie gerade: Sprechen Sie noch darüber, stecken Sie fest und reden nicht mehr darüber, oder geht die Beziehung zu Ende?
exercise-role_dispute_stage-prompt-one_thing_to_try = Was ist eine Sache, die Sie ausprobieren könnten?

## interpersonal_inventory_review

exercise-interpersonal_inventory_review-title = Eine wichtige Beziehung betrachten
exercise-interpersonal_inventory_review-skill = Beziehungsinventar
exercise-interpersonal_inventory_review-instructions = Wählen Sie einen Menschen, der in Ihrem Leben gerade wichtig ist. Denken Sie darüber nach, wie nah Sie sich ihm fühlen, was zwischen Ihnen gut funktioniert und was nicht. Überlegen Sie dann, was Sie sich, wenn überhaupt, anders wünschen.
exercise-interpersonal_inventory_review-prompt-who = Wer ist dieser Mensch für Sie?
exercise-interpersonal_inventory_review-prompt-closeness = Wie nah fühlen Sie sich diesem Menschen?
exercise-interpersonal_inventory_review-prompt-closeness_circle = In welchem Kreis Ihres Beziehungsinventars steht dieser Mensch: 1 (am nächsten), 2 oder 3?
exercise-interpersonal_inventory_review-prompt-what_is_satisfying = Was ist in dieser Beziehung erfüllend oder unterstützend?
exercise-interpersonal_inventory_review-prompt-what_is_unsatisfying = Was ist daran unbefriedigend oder schwierig?
exercise-interpersonal_inventory_review-prompt-what_i_would_change = Was würden Sie gern ändern?

## relapse_signs_plan

exercise-relapse_signs_plan-title = Nach der Therapie stabil bleiben
exercise-relapse_signs_plan-skill = Rückfallvorbeugung
exercise-relapse_signs_plan-instructions = Wenn die Therapie zu Ende geht, hilft ein Plan für schwerere Zeiten. Denken Sie an die ersten Anzeichen dafür, dass es wieder schwieriger werden könnte, an die Menschen, an die Sie sich wenden können, und daran, was Ihnen während der Therapie geholfen hat. Bewahren Sie diesen Plan so auf, dass Sie ihn leicht wiederfinden.
exercise-relapse_signs_plan-prompt-early_warning_signs = Welche frühen Anzeichen sagen Ihnen, dass es schwieriger werden könnte?
exercise-relapse_signs_plan-prompt-people_i_can_turn_to = An wen können Sie sich dann wenden?
exercise-relapse_signs_plan-prompt-skills_that_helped = Welche Fähigkeiten oder Gedanken aus der Therapie haben Ihnen am meisten geholfen?
exercise-relapse_signs_plan-prompt-what_i_will_do = Was werden Sie tun, wenn Sie diese Anzeichen bemerken?
