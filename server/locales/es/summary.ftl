# La frase del resumen al final del tratamiento para la persona en tratamiento.
# Nunca atribuir el resultado a la persona: la depresión cede a su propio ritmo.
course-summary-remission = Sus puntuaciones en los cuestionarios están ahora en el rango de pocos o ningún síntoma. Vale la pena mantener lo que trabajó con su terapeuta.
course-summary-response = Sus puntuaciones en los cuestionarios han bajado a la mitad o más desde el inicio. Hable con su terapeuta sobre lo que le ayudó y cómo mantenerlo.
course-summary-better = Sus puntuaciones en los cuestionarios son más bajas que al inicio. Su terapeuta revisará con usted lo que cambió y lo que podría ayudar a continuación.
course-summary-not-yet = Sus puntuaciones en los cuestionarios todavía no han bajado. Eso ocurre y no dice nada de usted: su terapeuta hablará con usted sobre lo que podría ayudar a continuación.
course-summary-no-measure = No hay suficientes cuestionarios de este tratamiento para comparar. Su terapeuta revisará con usted cómo fue el tratamiento.
