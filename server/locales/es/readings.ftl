# Las lecturas de psicoeducación incluidas. Ids: reading-<clave>-title y reading-<clave>-body,
# cuyos párrafos se separan con una línea en blanco. Las claves se guardan (qué lecturas abrió
# alguien) y nunca cambian; solo estos textos.

reading-depression_is_an_illness-title = La depresión es una enfermedad, no un fracaso
reading-depression_is_an_illness-body =
    La depresión es una enfermedad frecuente. Cambia el sueño, el apetito, la energía, la concentración y la forma de verse y de ver el futuro. No es una señal de debilidad, y no es culpa suya.

    Mientras dure la enfermedad, es razonable exigirse menos, como lo haría con una pierna rota o una gripe. Los terapeutas lo llaman el «rol de enfermo»: puede que durante un tiempo necesite hacer algunas cosas más despacio o dejar algunas tareas en manos de otras personas, para que su energía se dedique a recuperarse.

    El rol de enfermo es temporal. Parte del tratamiento consiste en ir retomando paso a paso sus roles habituales a medida que se recupera.

    La depresión tiene tratamiento. La mayoría de las personas se sienten claramente mejor en pocas semanas con una terapia como esta.

reading-what_is_ipt-title = Qué es la psicoterapia interpersonal
reading-what_is_ipt-body =
    La psicoterapia interpersonal (TIP) es un tratamiento breve y estructurado para la depresión. Suele durar de 12 a 16 sesiones semanales.

    La TIP parte de una observación sencilla: cómo nos sentimos y lo que ocurre en nuestras relaciones se influyen mutuamente. Una pérdida, un conflicto, un gran cambio en la vida o la soledad pueden desencadenar una depresión, y la depresión hace más difíciles las relaciones.

    El tratamiento tiene tres fases. En las primeras sesiones, usted y su terapeuta hacen un mapa de las personas importantes de su vida y acuerdan una o dos áreas en las que trabajar. En las sesiones intermedias trabaja en esa área y prueba nuevas maneras de afrontar las situaciones que importan. En las últimas sesiones repasa lo que ha cambiado y planifica cómo mantenerse bien.

    Entre sesiones, esta aplicación le ayuda a prestar atención a su estado de ánimo, practicar lo que comentan y tener presentes a las personas que le importan.

reading-four_problem_areas-title = Las cuatro áreas en las que trabaja la TIP
reading-four_problem_areas-body =
    La TIP suele centrarse en una o dos de cuatro áreas.

    Duelo: cuando la muerte de alguien importante ha sido muy difícil de superar. El trabajo consiste en hacer el duelo por la pérdida y, con el tiempo, encontrar un lugar para nuevos intereses y relaciones.

    Disputas de roles: cuando usted y alguien importante esperan cosas distintas el uno del otro y eso lleva una y otra vez al conflicto o al silencio. El trabajo consiste en entender el desacuerdo y encontrar una salida, lo que puede significar renegociar la relación o, a veces, separarse.

    Transiciones de rol: cuando un cambio en la vida, como un nuevo trabajo, una mudanza, la llegada de un hijo, la jubilación o una enfermedad, lo ha puesto todo patas arriba. El trabajo consiste en despedirse del rol anterior, ver el nuevo de forma más justa y desarrollar las habilidades y el apoyo que necesita.

    Déficits interpersonales o soledad: cuando durante mucho tiempo ha habido pocas relaciones o han sido poco satisfactorias. El trabajo consiste en desarrollar habilidades y confianza para crear y mantener vínculos.

    Su terapeuta hablará con usted sobre qué área se ajusta mejor a su situación.

reading-mood_and_relationships-title = Estado de ánimo y relaciones
reading-mood_and_relationships-body =
    Cuando registra cómo está, puede indicar la persona con la que estaba o en la que pensaba. A lo largo de unas semanas pueden aparecer patrones: personas y situaciones que mejoran su estado de ánimo, y otras que le pesan.

    Estos patrones no buscan culpar a nadie. Les dan a usted y a su terapeuta algo concreto con lo que trabajar: qué pasó, qué dijo, qué le habría gustado decir y qué podría probar la próxima vez.

    Pequeños cambios en la manera de comunicarse pueden cambiar cómo se vive una relación, y un cambio en una relación puede cambiar su estado de ánimo.

reading-practising_between_sessions-title = Por qué practicar entre sesiones
reading-practising_between_sessions-body =
    Las sesiones son para planificar; el cambio ocurre en la vida diaria. Probar una nueva manera de expresar lo que piensa, pedir ayuda o acercarse a alguien, aunque sea una sola vez, le enseña más que hablar de ello.

    No pasa nada si una práctica no sale como estaba previsto. Lo que ocurrió es útil para llevarlo a su próxima sesión.

    Si expresarle a alguien lo que piensa pudiera ponerle en peligro, no practique con esa persona: hable primero con su terapeuta.

reading-sleep_routine_and_mood-title = Sueño, rutina y estado de ánimo
reading-sleep_routine_and_mood-body =
    La depresión suele alterar el sueño y el ritmo diario, y un ritmo irregular puede a su vez empeorar el estado de ánimo.

    Levantarse más o menos a la misma hora cada día, salir a la luz del día y pasar algo de tiempo con otras personas puede ayudar a estabilizar su estado de ánimo mientras el resto del tratamiento hace efecto.

    Si su sueño cambia mucho, dígaselo a su terapeuta.

reading-as_treatment_ends-title = Qué esperar al final del tratamiento
reading-as_treatment_ends-body =
    La TIP es un tratamiento de duración limitada, y su final se planifica desde el principio. En las últimas sesiones, usted y su terapeuta repasan lo que ha cambiado y lo que ha aprendido.

    Es natural sentir tristeza o inquietud ante el final, sobre todo si las sesiones han sido importantes para usted. Vale la pena hablar de esos sentimientos en las propias sesiones: terminar bien una relación forma parte del trabajo.

    Terminar el tratamiento no significa que tenga que arreglárselas con todo a solas. En las últimas sesiones, usted y su terapeuta planifican cómo mantenerse bien y qué hacer si las cosas se ponen más difíciles.

reading-warning_signs_of_relapse-title = Señales de alerta de una recaída
reading-warning_signs_of_relapse-body =
    La depresión puede volver, y notarlo pronto hace que sea más fácil de tratar. Las primeras señales suelen ser pequeñas: dormir mal durante más de una semana, perder el interés por cosas que le gustan, alejarse de la gente o sentir que cualquier tarea cuesta mucho más.

    Con su terapeuta, anote sus propias señales de alerta, lo que le ha ayudado, a quién acudir y cuándo volver a pedir ayuda: la aplicación lo guarda como su plan de prevención de recaídas, donde usted y su terapeuta pueden encontrarlo y modificarlo.

    Si nota sus señales de alerta durante dos semanas o más, póngase en contacto con su terapeuta o su médico. Si tiene pensamientos de hacerse daño, busque ayuda de inmediato: los recursos de crisis de la aplicación indican a quién llamar.
    .with-plan =
        La depresión puede volver, y notarlo pronto hace que sea más fácil de tratar. Las primeras señales suelen ser pequeñas: dormir mal durante más de una semana, perder el interés por cosas que le gustan, alejarse de la gente o sentir que cualquier tarea cuesta mucho más.

        Su plan de prevención de recaídas en la aplicación recoge sus propias señales de alerta, lo que le ha ayudado, a quién acudir y cuándo volver a pedir ayuda; usted y su terapeuta pueden encontrarlo allí y modificarlo.

        Si nota sus señales de alerta durante dos semanas o más, póngase en contacto con su terapeuta o su médico. Si tiene pensamientos de hacerse daño, busque ayuda de inmediato: los recursos de crisis de la aplicación indican a quién llamar.
    .without-plan =
        La depresión puede volver, y notarlo pronto hace que sea más fácil de tratar. Las primeras señales suelen ser pequeñas: dormir mal durante más de una semana, perder el interés por cosas que le gustan, alejarse de la gente o sentir que cualquier tarea cuesta mucho más.

        Con su terapeuta, anote sus propias señales de alerta, lo que le ha ayudado, a quién acudir y cuándo volver a pedir ayuda: pida en su próxima sesión hacer juntos un plan de prevención de recaídas, y la aplicación lo guardará donde ambos puedan encontrarlo.

        Si nota sus señales de alerta durante dos semanas o más, póngase en contacto con su terapeuta o su médico. Si tiene pensamientos de hacerse daño, busque ayuda de inmediato: los recursos de crisis de la aplicación indican a quién llamar.

reading-staying_well-title = Mantenerse bien después del tratamiento
reading-staying_well-body =
    Siga haciendo lo que le ayudó: las rutinas, las conversaciones, las personas con las que volvió a conectar.

    Registrar de vez en cuando cómo está en la aplicación puede ayudarle a notar pronto los cambios en su estado de ánimo. Si tiene un plan de prevención de recaídas, leerlo de vez en cuando en la aplicación mantiene presentes sus señales de alerta.

    Volver a pedir ayuda no es un fracaso. A muchas personas les sirven unas pocas sesiones de refuerzo cuando la vida se pone difícil.
    .with-plan =
        Siga haciendo lo que le ayudó: las rutinas, las conversaciones, las personas con las que volvió a conectar.

        Registrar de vez en cuando cómo está en la aplicación puede ayudarle a notar pronto los cambios en su estado de ánimo. Leer de vez en cuando su plan de prevención de recaídas en la aplicación mantiene presentes sus señales de alerta.

        Volver a pedir ayuda no es un fracaso. A muchas personas les sirven unas pocas sesiones de refuerzo cuando la vida se pone difícil.
    .without-plan =
        Siga haciendo lo que le ayudó: las rutinas, las conversaciones, las personas con las que volvió a conectar.

        Registrar de vez en cuando cómo está en la aplicación puede ayudarle a notar pronto los cambios en su estado de ánimo. Su terapeuta puede ayudarle a escribir un plan de prevención de recaídas; leerlo de vez en cuando mantiene presentes sus señales de alerta.

        Volver a pedir ayuda no es un fracaso. A muchas personas les sirven unas pocas sesiones de refuerzo cuando la vida se pone difícil.
