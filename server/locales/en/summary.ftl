# The end-of-treatment summary's one sentence for the client (GET …/courses/{id}/summary).
# Never put the outcome down to the client: depression lifts at its own pace.
course-summary-remission = Your questionnaire scores are now in the range of few or no symptoms. The work you and your therapist did together is worth keeping up.
course-summary-response = Your questionnaire scores have come down by half or more since the start. Talk with your therapist about what helped and how to keep it going.
course-summary-better = Your questionnaire scores are lower than at the start. Your therapist will go through what changed with you and what could help next.
course-summary-not-yet = Your questionnaire scores have not come down yet. That happens, and it is not a measure of you: your therapist will talk with you about what could help next.
course-summary-no-measure = There are not enough questionnaires from this course to compare. Your therapist will go through how the course went with you.
