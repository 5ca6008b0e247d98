# Títulos y detalles de las respuestas de problema (RFC 9457). El `type` de un problema nunca
# cambia con el idioma; solo estos textos.

problem-malformed-request-title = Solicitud mal formada
problem-malformed-request-unreadable = No se pudo leer el cuerpo de la solicitud.
problem-malformed-request-syntax = El cuerpo no es JSON válido (línea { $line }, columna { $column }).
problem-malformed-request-trailing-content = Hay contenido inesperado después del valor JSON.

problem-unauthorized-title = Se requiere autenticación
problem-unauthorized-detail = Se requiere un token de portador válido.

problem-forbidden-title = No permitido
problem-forbidden-detail = Su rol no puede hacer esto.

problem-not-found-title = No encontrado
problem-not-found-detail = Este recurso no existe.

problem-precondition-failed-title = Condición previa no cumplida
problem-precondition-failed-detail = El recurso cambió desde que lo leyó (If-Match); vuelva a leerlo.
problem-resync-required-title = Sincronice de nuevo desde el principio
problem-resync-required-detail = Este cursor no corresponde a ninguna posición en los datos de este cliente (el servidor se restauró desde una copia de seguridad, o el cursor es de otro cliente): descarte la copia local y sincronice de nuevo con since=0.
problem-precondition-required-title = Condición previa necesaria
problem-precondition-required-detail = Esto reemplazaría una versión que escribió otra persona: léala primero y envíe su ETag como If-Match.
problem-safety-plan-empty-title = Plan de seguridad vacío
problem-safety-plan-empty-detail = Un plan de seguridad necesita al menos una línea en alguna de sus partes.

problem-payload-too-large-title = Solicitud demasiado grande
problem-payload-too-large-detail = El cuerpo de la solicitud supera los 64 KiB.
problem-request-timeout-title = Solicitud demasiado lenta
problem-request-timeout-detail = El cuerpo de la solicitud no llegó a tiempo; envíelo de nuevo.

problem-unsupported-media-type-title = Tipo de contenido no admitido
problem-unsupported-media-type-detail = Envíe el cuerpo como application/json.

problem-validation-title = Solicitud no válida
problem-validation-detail = Uno o más campos no son válidos.

problem-too-many-requests-title = Demasiadas solicitudes
problem-too-many-requests-detail = Demasiados intentos; vuelva a intentarlo dentro de { $seconds } segundos.

problem-unavailable-title = Servicio no disponible
problem-unavailable-detail = El servicio no puede acceder a su base de datos; vuelva a intentarlo en unos momentos.

problem-busy-title = Base de datos ocupada
problem-busy-detail = Otro cambio ocupó la base de datos un momento; repita la solicitud.

problem-internal-title = Error interno del servidor
problem-internal-detail = Algo salió mal por nuestra parte.

## Un inicio de sesión, un token o un código de invitación rechazados (401).

problem-invalid-credentials-title = Credenciales no válidas
problem-invalid-credentials-detail = La dirección de correo electrónico o la contraseña no son correctas.
problem-token-invalid-title = Token desconocido
problem-token-invalid-detail = Este token no se reconoce; vuelva a iniciar sesión.
problem-token-expired-title = Token caducado
problem-access-token-expired-detail = El token de acceso ha caducado; renuévelo.
problem-refresh-token-expired-detail = El token de renovación ha caducado; vuelva a iniciar sesión.
problem-refresh-reused-title = Token de renovación reutilizado
problem-refresh-reused-detail = Este token de renovación ya se había canjeado, por lo que la sesión se cerró por seguridad; vuelva a iniciar sesión.
problem-sign-in-revoked-title = Sesión cerrada
problem-sign-in-revoked-detail = Esta sesión ha terminado; vuelva a iniciar sesión.
problem-invite-invalid-title = Código de invitación desconocido
problem-invite-invalid-detail = Este código de invitación no se reconoce; compruébelo o pida uno nuevo.
problem-invite-expired-title = Código de invitación caducado
problem-invite-expired-detail = Este código de invitación ha caducado; pida uno nuevo a su terapeuta.
problem-invite-replaced-title = Código de invitación sustituido
problem-invite-replaced-detail = Se ha emitido un código de invitación más reciente; use ese o pida uno nuevo.
problem-invite-used-title = Código de invitación ya utilizado
problem-invite-used-detail = Este código de invitación ya se ha utilizado; pida uno nuevo a su terapeuta.
problem-reset-token-invalid-title = Enlace de restablecimiento no válido
problem-reset-token-invalid-detail = Este enlace para restablecer la contraseña es desconocido, ya se ha utilizado o tiene más de 30 minutos; solicite uno nuevo.
problem-verification-token-invalid-title = Enlace de verificación no válido
problem-verification-token-invalid-detail = Este enlace de verificación es desconocido, ya se ha utilizado o tiene más de 24 horas.
problem-email-unverified-title = Dirección de correo no verificada
problem-email-unverified-detail = Abra el enlace del correo que enviamos a esta dirección y luego inicie sesión.

## Una escritura rechazada por lo que ya está guardado (409): por qué.

problem-conflict-title = Conflicto
problem-conflict-account-exists = Ya existe una cuenta con esta dirección de correo electrónico.
problem-conflict-checkin-id-taken = Este id ya corresponde a otro registro de seguimiento.
problem-conflict-risk-screen-id-taken = Este id ya corresponde a otro cribado de riesgo.
problem-conflict-id-taken = Este id ya corresponde a otro registro de este tipo; un registro nuevo necesita un id nuevo.
problem-conflict-course-not-ended = El tratamiento en curso no ha terminado: finalícelo primero.
problem-conflict-course-not-current = Solo se puede finalizar el tratamiento en curso.
problem-conflict-course-already-ended = El tratamiento ya ha terminado.
problem-conflict-treatment-is-maintenance = El tratamiento en curso es de mantenimiento: finalícelo e inicie otro para cambiarlo.
problem-conflict-homework-not-assigned = Solo se pueden editar las tareas asignadas.
problem-conflict-homework-already-completed = Las tareas completadas no se pueden cancelar.
problem-conflict-homework-completed-otherwise = Esta tarea ya se completó con otras respuestas.
problem-conflict-homework-cancelled = Las tareas canceladas no se pueden completar.

## Segundo factor (TOTP)
problem-mfa-required-title = Se necesita un segundo paso
problem-mfa-required-detail = La contraseña es correcta; ahora envíe un código de su aplicación de autenticación (o un código de recuperación) con el mfa_token a /api/v1/auth/login/mfa.
problem-mfa-enrolment-required-title = Se requiere el inicio de sesión en dos pasos
problem-mfa-enrolment-required-detail = Este servidor requiere el inicio de sesión en dos pasos: configúrelo primero en /api/v1/me/mfa/totp.
problem-mfa-code-invalid-title = Código incorrecto
problem-mfa-code-invalid-detail = Ese código es incorrecto o ya se usó; espere al siguiente código o use un código de recuperación.
problem-mfa-token-invalid-title = Inicie sesión de nuevo
problem-mfa-token-invalid-detail = Este segundo paso caducó, ya se usó o tuvo demasiados códigos incorrectos; inicie sesión de nuevo con su contraseña.
problem-conflict-mfa-already-active = El inicio de sesión en dos pasos ya está activado; desactívelo primero para configurarlo de nuevo.
problem-conflict-mfa-not-pending = El inicio de sesión en dos pasos no se ha iniciado; inícielo primero.
problem-conflict-mfa-not-active = El inicio de sesión en dos pasos no está activado.
problem-conflict-mfa-required = Este servidor requiere el inicio de sesión en dos pasos; no se puede desactivar.
