# Títulos, habilidades, instrucciones, preguntas y preguntas de seguridad de los ejercicios
# incluidos. Ids: exercise-<clave del ejercicio>-title | -skill | -instructions | -safety-check |
# -prompt-<clave de la pregunta>. Las claves se guardan y nunca cambian; solo estos textos.

## mood_relationship_diary

exercise-mood_relationship_diary-title = Diario de estado de ánimo y relaciones
exercise-mood_relationship_diary-skill = Relacionar el estado de ánimo con las relaciones
exercise-mood_relationship_diary-instructions = Piense en cómo se ha sentido hoy y en un momento con otra persona que le haya llamado la atención, grande o pequeño. Escriba qué pasó, quién estaba y cómo se sintió después. Con el tiempo, esto puede ayudarle a notar cómo su estado de ánimo y sus relaciones se influyen mutuamente. No hay respuestas correctas ni incorrectas.
exercise-mood_relationship_diary-prompt-what_happened = ¿Qué pasó hoy entre usted y otra persona?
exercise-mood_relationship_diary-prompt-who_was_involved = ¿Quién participó?
exercise-mood_relationship_diary-prompt-how_i_felt = ¿Cómo se sintió durante o después?
exercise-mood_relationship_diary-prompt-how_it_affected_my_mood = ¿Cómo afectó a su estado de ánimo durante el resto del día?

## expressing_feelings

exercise-expressing_feelings-title = Poner un sentimiento en palabras
exercise-expressing_feelings-skill = Dar espacio a las emociones
exercise-expressing_feelings-instructions = Es normal tener sentimientos fuertes hacia las personas de nuestra vida, también enfado, tristeza y culpa, y ponerles nombre es el primer paso para hacer algo con ellos. Piense en un momento reciente con alguien en el que sintió algo con fuerza. Ponga nombre al sentimiento, diga cuán fuerte fue y cómo lo mostró, si lo mostró, y qué le gustaría decir al respecto. No hay sentimientos equivocados.
exercise-expressing_feelings-prompt-situation = ¿Qué pasó, y con quién?
exercise-expressing_feelings-prompt-feeling = ¿Qué sintió? Intente nombrarlo con una o dos palabras.
exercise-expressing_feelings-prompt-feeling_strength = ¿Cuán fuerte fue el sentimiento? (0 = apenas, 10 = lo más fuerte posible)
exercise-expressing_feelings-prompt-how_i_showed_it = ¿Mostró o dijo cómo se sentía? ¿Cómo?
exercise-expressing_feelings-prompt-what_i_would_like_to_say = ¿Qué le gustaría decirle a esa persona al respecto?

## communication_analysis

exercise-communication_analysis-title = Repasar una conversación
exercise-communication_analysis-skill = Análisis de la comunicación
exercise-communication_analysis-instructions = Elija una conversación reciente que haya sido importante para usted, sobre todo una que no salió como esperaba. Intente recordarla paso a paso: qué quería, qué se dijo realmente por ambas partes y cómo se sintió. Después piense en qué podría decir de otra manera la próxima vez. No se trata de culpar a nadie, solo de comprender.
exercise-communication_analysis-prompt-situation = ¿Cuál era la situación, y con quién hablaba?
exercise-communication_analysis-prompt-what_i_wanted = ¿Qué quería o esperaba de la conversación?
exercise-communication_analysis-prompt-what_i_said = ¿Qué dijo, lo más fielmente que pueda recordarlo?
exercise-communication_analysis-prompt-what_they_said = ¿Qué dijo o hizo la otra persona en respuesta?
exercise-communication_analysis-prompt-how_i_felt = ¿Cómo se sintió durante y después de la conversación?
exercise-communication_analysis-prompt-what_i_could_say_next_time = ¿Qué podría decir o hacer de otra manera la próxima vez?

## role_play_rehearsal

exercise-role_play_rehearsal-title = Ensayar una conversación difícil
exercise-role_play_rehearsal-skill = Ensayo mediante juego de roles
exercise-role_play_rehearsal-instructions = Elija una conversación que le gustaría tener pero que le cuesta empezar. Planifique lo que quiere decir, imagine cómo podría responder la otra persona y piense en cómo podría contestar usted. Puede practicarla en voz alta, a solas o con alguien de confianza, antes de la conversación real. Si expresar lo que piensa pudiera ponerle en peligro, no practique con esa persona: hable primero con su terapeuta.
exercise-role_play_rehearsal-safety-check = ¿Podría ponerle en peligro expresarle a esta persona lo que piensa?
exercise-role_play_rehearsal-prompt-who = ¿Con quién es la conversación?
exercise-role_play_rehearsal-prompt-what_i_want_to_say = ¿Qué quiere decirle?
exercise-role_play_rehearsal-prompt-how_they_might_respond = ¿Cómo podría responder?
exercise-role_play_rehearsal-prompt-how_i_will_answer = ¿Cómo contestará si responde de esa manera?
exercise-role_play_rehearsal-prompt-how_confident_i_feel = ¿Cuánta confianza siente ahora para tener esta conversación?
exercise-role_play_rehearsal-prompt-confidence_rating = ¿Cuánta confianza siente ahora para tener esta conversación? (0 = ninguna, 10 = total)

## i_statements

exercise-i_statements-title = Decir lo que necesita
exercise-i_statements-skill = Expresar necesidades con mensajes en primera persona
exercise-i_statements-instructions = Un mensaje en primera persona describe cómo se siente y qué necesita, sin culpar a la otra persona, por ejemplo: «Siento que me dejan de lado cuando los planes cambian sin contar conmigo; me gustaría que lo decidiéramos en común». Piense en una situación en la que le gustaría que algo fuera distinto y construya su propio mensaje paso a paso. Si expresar lo que piensa pudiera ponerle en peligro, no practique con esa persona: hable primero con su terapeuta.
exercise-i_statements-safety-check = ¿Podría ponerle en peligro expresarle a esta persona lo que piensa?
exercise-i_statements-prompt-situation = ¿Cuál es la situación?
exercise-i_statements-prompt-feeling = ¿Cómo se siente cuando ocurre?
exercise-i_statements-prompt-need = ¿Qué necesita en ese momento?
exercise-i_statements-prompt-request = ¿Qué le gustaría pedirle a la otra persona que haga?
exercise-i_statements-prompt-my_statement = ¿Qué mensaje en primera persona va a usar?

## decision_analysis

exercise-decision_analysis-title = Sopesar sus opciones
exercise-decision_analysis-skill = Análisis de decisiones
exercise-decision_analysis-instructions = Cuando un desacuerdo no avanza o se encuentra ante un cambio, puede ayudar ver todas sus opciones una al lado de otra. Anote todas las opciones que se le ocurran, incluso las que parezcan poco probables, con lo que habla a favor y en contra de cada una. Después elija una para probar y un pequeño primer paso que pueda dar.
exercise-decision_analysis-prompt-decision = ¿A qué decisión o problema se enfrenta?
exercise-decision_analysis-prompt-options = ¿Qué opciones tiene?
exercise-decision_analysis-prompt-pros_and_cons = ¿Qué habla a favor y en contra de cada opción?
exercise-decision_analysis-prompt-option_i_choose = ¿Qué opción elige probar?
exercise-decision_analysis-prompt-first_step = ¿Cuál es su primer paso, y cuándo lo dará?

## building_social_contacts

exercise-building_social_contacts-title = Un pequeño paso hacia alguien
exercise-building_social_contacts-skill = Crear contactos sociales
exercise-building_social_contacts-instructions = Elija a una persona con la que le gustaría sentirse más cerca, o a la que le gustaría conocer, y un paso pequeño y factible hacia ella, como un mensaje, una llamada o una visita breve. Cuando lo haya intentado, escriba qué pasó y cómo se sintió. Cualquier paso cuenta, sea cual sea el resultado.
exercise-building_social_contacts-prompt-who = ¿Con quién le gustaría ponerse en contacto?
exercise-building_social_contacts-prompt-the_step = ¿Qué pequeño paso va a dar?
exercise-building_social_contacts-prompt-when = ¿Cuándo lo dará?
exercise-building_social_contacts-prompt-what_happened = ¿Qué pasó cuando lo intentó?
exercise-building_social_contacts-prompt-how_it_felt = ¿Cómo se sintió?

## grief_work

exercise-grief_work-title = Recordar a la persona que perdió
exercise-grief_work-skill = Trabajo de duelo
exercise-grief_work-instructions = Tómese un rato tranquilo para pensar en la persona que ha perdido y en su relación con ella, tanto en los buenos momentos como en los más difíciles. Las relaciones rara vez son de una sola manera, y cualquier sentimiento que tenga hacia esa persona está permitido. Escriba tanto o tan poco como quiera, y pare siempre que lo necesite. Hacer el duelo también significa, con el tiempo, dejar espacio a la vida que continúa: las últimas preguntas tratan de intereses y de personas a las que podría volver. Si esto se vuelve abrumador, pare y haga algo que le calme; si siente que no está a salvo, abra los recursos de crisis de la aplicación, o su plan de seguridad si tiene uno.
    .with-plan = Tómese un rato tranquilo para pensar en la persona que ha perdido y en su relación con ella, tanto en los buenos momentos como en los más difíciles. Las relaciones rara vez son de una sola manera, y cualquier sentimiento que tenga hacia esa persona está permitido. Escriba tanto o tan poco como quiera, y pare siempre que lo necesite. Hacer el duelo también significa, con el tiempo, dejar espacio a la vida que continúa: las últimas preguntas tratan de intereses y de personas a las que podría volver. Si esto se vuelve abrumador, pare y haga algo que le calme; si siente que no está a salvo, abra su plan de seguridad o los recursos de crisis de la aplicación.
    .without-plan = Tómese un rato tranquilo para pensar en la persona que ha perdido y en su relación con ella, tanto en los buenos momentos como en los más difíciles. Las relaciones rara vez son de una sola manera, y cualquier sentimiento que tenga hacia esa persona está permitido. Escriba tanto o tan poco como quiera, y pare siempre que lo necesite. Hacer el duelo también significa, con el tiempo, dejar espacio a la vida que continúa: las últimas preguntas tratan de intereses y de personas a las que podría volver. Si esto se vuelve abrumador, pare y haga algo que le calme; si siente que no está a salvo, abra los recursos de crisis de la aplicación, y pida a su terapeuta que haga con usted un plan de seguridad en su próxima sesión.
exercise-grief_work-prompt-good_memories = ¿Qué buenos recuerdos tiene de esa persona?
exercise-grief_work-prompt-difficult_memories = ¿Qué era difícil en su relación con ella?
exercise-grief_work-prompt-what_i_miss = ¿Qué es lo que más echa de menos?
exercise-grief_work-prompt-what_i_would_say = ¿Qué le gustaría decirle ahora?
exercise-grief_work-prompt-who_i_can_share_with = ¿Con quién podría compartir estos recuerdos?
exercise-grief_work-prompt-interests_to_return_to = ¿Qué interés o actividad podría retomar, o probar por primera vez?
exercise-grief_work-prompt-people_to_spend_time_with = ¿Con quién podría pasar más tiempo en las próximas semanas?

## role_transition_old_and_new

exercise-role_transition_old_and_new-title = Entre lo antiguo y lo nuevo
exercise-role_transition_old_and_new-skill = Transición de rol
exercise-role_transition_old_and_new-instructions = Los cambios en la vida, incluso los deseados, suelen significar dejar algo atrás mientras se aprende algo nuevo. Piense en su vida antes del cambio y en su vida ahora: qué ha perdido, qué ha ganado y qué podría ayudarle a adaptarse a la nueva situación.
exercise-role_transition_old_and_new-prompt-the_change = ¿Qué cambio está atravesando?
exercise-role_transition_old_and_new-prompt-what_i_lost = ¿Qué ha perdido o dejado atrás con el rol anterior?
exercise-role_transition_old_and_new-prompt-what_i_gained = ¿Qué ha ganado, o podría ganar, con el nuevo rol?
exercise-role_transition_old_and_new-prompt-skills_i_need = ¿Qué habilidades o conocimientos le ayudarían en el nuevo rol?
exercise-role_transition_old_and_new-prompt-support_available = ¿Quién o qué podría apoyarle durante este cambio?

## role_dispute_stage

exercise-role_dispute_stage-title = Entender un desacuerdo
exercise-role_dispute_stage-skill = Disputa de roles
exercise-role_dispute_stage-instructions = Los desacuerdos suelen surgir de expectativas distintas que no se han dicho en voz alta. Piense en un desacuerdo que continúa con alguien importante para usted: qué espera cada uno y en qué punto están ahora. Después elija algo que podría intentar para avanzar. Si expresar lo que piensa pudiera ponerle en peligro, no practique con esa persona: hable primero con su terapeuta.
exercise-role_dispute_stage-safety-check = ¿Podría ponerle en peligro expresarle a esta persona lo que piensa?
exercise-role_dispute_stage-prompt-who = ¿Con quién es el desacuerdo?
exercise-role_dispute_stage-prompt-what_i_expect = ¿Qué espera usted de esa persona?
exercise-role_dispute_stage-prompt-what_they_expect = ¿Qué cree que esa persona espera de usted?
exercise-role_dispute_stage-prompt-where_things_stand = ¿En qué punto están: todavía lo están hablando, se han estancado y ya no hablan de ello, o la relación está llegando a su fin?
exercise-role_dispute_stage-prompt-one_thing_to_try = ¿Qué es algo que podría intentar?

## interpersonal_inventory_review

exercise-interpersonal_inventory_review-title = Mirar una relación importante
exercise-interpersonal_inventory_review-skill = Inventario interpersonal
exercise-interpersonal_inventory_review-instructions = Elija a una persona que sea importante en su vida ahora mismo. Piense en lo cerca que se siente de ella, en lo que funciona bien entre ustedes y en lo que no. Después considere qué le gustaría que fuera distinto, si es que hay algo.
exercise-interpersonal_inventory_review-prompt-who = ¿Quién es esta persona para usted?
exercise-interpersonal_inventory_review-prompt-closeness = ¿Cuán cerca se siente de ella?
exercise-interpersonal_inventory_review-prompt-closeness_circle = ¿En qué círculo de su inventario está: 1 (el más cercano), 2 o 3?
exercise-interpersonal_inventory_review-prompt-what_is_satisfying = ¿Qué es satisfactorio o le apoya en esta relación?
exercise-interpersonal_inventory_review-prompt-what_is_unsatisfying = ¿Qué es insatisfactorio o difícil en ella?
exercise-interpersonal_inventory_review-prompt-what_i_would_change = ¿Qué le gustaría cambiar?

## relapse_signs_plan

exercise-relapse_signs_plan-title = Mantenerse bien después de la terapia
exercise-relapse_signs_plan-skill = Prevención de recaídas
exercise-relapse_signs_plan-instructions = Cuando la terapia llega a su fin, ayuda tener un plan para los momentos más difíciles. Piense en las primeras señales de que las cosas podrían volver a ponerse difíciles, en las personas a las que puede acudir y en lo que le ha ayudado durante la terapia. Guarde este plan en un lugar donde pueda encontrarlo con facilidad.
exercise-relapse_signs_plan-prompt-early_warning_signs = ¿Qué primeras señales le indican que las cosas podrían estar poniéndose más difíciles?
exercise-relapse_signs_plan-prompt-people_i_can_turn_to = ¿A quién puede acudir cuando eso ocurra?
exercise-relapse_signs_plan-prompt-skills_that_helped = ¿Qué habilidades o ideas de la terapia le ayudaron más?
exercise-relapse_signs_plan-prompt-what_i_will_do = ¿Qué hará si nota esas señales?
