// The phone test (issue 14, part 6): plays the client's phone app against a live server
// (`IPT_URL`), through a client generated from that server's own OpenAPI document, so that the
// document is checked by `tsc --strict` as well as the server by the assertions.
//
// A therapist signs up, signs in and creates a client (with an invite code). Then the phone:
// redeems the code with its install id and retries the redemption as if the answer was lost;
// registers itself for pushes; syncs from zero into its local model; writes a check-in and an
// exercise log offline with ids it made, retries them and sends a different body under an id
// already used; syncs again from its cursor; refreshes its sign-in (a retry, then two at once);
// and resolves an edit conflict over the reminder settings with the therapist (ETag/If-Match).

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, it } from "node:test";
import { connect, PhoneSession, type Problem, type Schemas } from "./client.js";
import {
  applyChange,
  emptyModel,
  RESYNC_REQUIRED,
  sync,
  type Change,
  type LocalModel,
} from "./model.js";

const base = process.env["IPT_URL"];
if (base === undefined || base === "") {
  throw new Error("set IPT_URL to the server's address, e.g. http://127.0.0.1:8080");
}

/** Asserts a refusal: its status and its problem `type`. */
function assertProblem(
  result: { error?: Problem | undefined; response: Response },
  status: number,
  type: string,
): Problem {
  assert.equal(result.response.status, status, JSON.stringify(result.error));
  assert.match(result.response.headers.get("content-type") ?? "", /^application\/problem\+json/);
  const problem = result.error;
  assert.ok(problem, `a problem document for ${status}`);
  assert.equal(problem.type, type);
  assert.equal(problem.status, status);
  return problem;
}

/** Asserts an answer's status, with the problem in the message when it is not. */
function assertStatus(result: { error?: Problem | undefined; response: Response }, status: number) {
  assert.equal(result.response.status, status, JSON.stringify(result.error));
}

/** The answer's `ETag`: a strong tag, as `If-Match` needs. */
function etagOf(response: Response): string {
  const etag = response.headers.get("etag");
  assert.ok(etag, "an ETag");
  assert.match(etag, /^"[^"]+"$/, "a strong entity tag");
  return etag;
}

/** `instant` as RFC 3339 in the zone two hours east of UTC, as a phone there would send it. */
function withOffset(instant: Date): string {
  const shifted = new Date(instant.getTime() + 2 * 3600_000).toISOString();
  return shifted.replace("Z", "+02:00");
}

/** The keys of a page of changes, `type:id`. */
function keys(changes: Change[]): string[] {
  return changes.map((c) => `${c.type}:${c.id}`).sort();
}

/** Every change is a whole record (none of these tests deletes one) with `data` to match. */
function assertWhole(changes: Change[]): void {
  for (const change of changes) {
    assert.equal(change.deleted, false, JSON.stringify(change));
    assert.notEqual(change.data, null, JSON.stringify(change));
  }
}

describe("the phone app", () => {
  const password = "a therapist's long passphrase";
  const email = `phone-${randomUUID()}@example.org`;
  const deviceId = randomUUID(); // the install id, made once when the app is installed
  const fcmToken = `fcm-${randomUUID()}`;
  let therapistToken = "";
  const therapist = connect(base, () => therapistToken);
  const anonymous = connect(base);
  let client: Schemas["ClientResponse"];
  let code = "";
  let intakeHomework: Schemas["HomeworkResponse"];
  let intakePerson: Schemas["RelationshipResponse"];
  let phone: PhoneSession;
  const model: LocalModel = emptyModel();

  before(async () => {
    const signup = await anonymous.POST("/api/v1/therapists", {
      body: { email, password, display_name: "Dr. Phone Test" },
    });
    assertStatus(signup, 201);
    // 201 is the account; a deployment that verifies e-mail would answer 202 (pending).
    assert.ok(signup.data && "email" in signup.data, "an account, not a pending verification");
    assert.equal(signup.data.email, email);

    const login = await anonymous.POST("/api/v1/auth/login", { body: { email, password } });
    assertStatus(login, 200);
    assert.ok(login.data);
    assert.equal(login.data.token_type, "Bearer");
    therapistToken = login.data.access_token;

    const created = await therapist.POST("/api/v1/clients", {
      body: {
        display_name: "Mara",
        timezone: "Europe/Berlin",
        region: "DE",
        treatment: {
          start_date: new Date().toISOString().slice(0, 10),
          planned_sessions: 12,
          problem_areas: ["role_transition"],
          session_time: "17:30",
        },
      },
    });
    assertStatus(created, 201);
    assert.ok(created.data?.invite, "a new client comes with an invite code");
    client = created.data;
    code = created.data.invite.code;

    // What the therapist writes in the first session, before the phone signs in.
    const homework = await therapist.POST("/api/v1/clients/{client_id}/homework", {
      params: { path: { client_id: client.id } },
      body: { title: "Note one conversation about the new job", problem_area: "role_transition" },
    });
    assertStatus(homework, 201);
    assert.ok(homework.data);
    intakeHomework = homework.data;
    const person = await therapist.POST("/api/v1/clients/{client_id}/relationships", {
      params: { path: { client_id: client.id } },
      body: { label: "Sister", role: "family", closeness: 1 },
    });
    assertStatus(person, 201);
    assert.ok(person.data);
    intakePerson = person.data;
  });

  it("redeems the invite code with its install id, and a retry gets the same sign-in", async () => {
    const request = { code, device_id: deviceId, device_label: "Pixel 8" };
    const first = await anonymous.POST("/api/v1/auth/invite", { body: request });
    assertStatus(first, 200);
    assert.ok(first.data);
    assert.equal(first.data.token_type, "Bearer");
    assert.ok(first.data.expires_in > 0);
    // The phone learns whose it is from this answer. (`TokenResponse` is shared with the other
    // sign-ins, which do not carry `client_id`, so the type says "maybe": checked, not cast.)
    const clientId = first.data.client_id;
    assert.ok(clientId, "a redeemed invite names the client");
    assert.equal(clientId, client.id);

    // The answer was lost on the way: the app sends the same request again.
    const retry = await anonymous.POST("/api/v1/auth/invite", { body: request });
    assertStatus(retry, 200);
    assert.ok(retry.data);
    assert.equal(retry.data.access_token, first.data.access_token);
    assert.equal(retry.data.refresh_token, first.data.refresh_token);
    assert.equal(retry.data.client_id, client.id);

    // Another install cannot use the code any more.
    const elsewhere = await anonymous.POST("/api/v1/auth/invite", {
      body: { code, device_id: randomUUID() },
    });
    assertProblem(elsewhere, 401, "/problems/invite-used");

    phone = new PhoneSession(base, clientId, first.data);
    const me = await phone.api.GET("/api/v1/me");
    assertStatus(me, 200);
    assert.equal(me.data?.role, "client");
    assert.equal(me.data?.id, client.id);
  });

  it("sets the client's language and registers itself for pushes, once", async () => {
    const language = await phone.api.PATCH("/api/v1/me", { body: { locale: "de-DE" } });
    assertStatus(language, 200);
    assert.equal(language.data?.locale, "de-DE");
    assert.equal(language.data?.id, client.id);

    const registration = {
      platform: "android",
      fcm_token: fcmToken,
      locale: "de-DE",
      timezone: "Europe/Berlin",
      app_version: "2.3.0",
    } satisfies Schemas["RegisterDeviceRequest"];
    const first = await phone.api.POST("/api/v1/clients/{client_id}/devices", {
      params: { path: { client_id: client.id } },
      body: registration,
    });
    assertStatus(first, 201);
    assert.ok(first.data);
    assert.equal(first.data.platform, "android");
    assert.equal(first.data.locale, "de-DE");
    assert.equal(first.data.timezone, "Europe/Berlin");
    assert.equal(first.data.app_version, "2.3.0");
    assert.equal("fcm_token" in first.data, false, "the token is never shown");

    // The app registers at every start: the same token is the same device.
    const again = await phone.api.POST("/api/v1/clients/{client_id}/devices", {
      params: { path: { client_id: client.id } },
      body: registration,
    });
    assertStatus(again, 200);
    assert.equal(again.data?.id, first.data.id);

    const devices = await phone.api.GET("/api/v1/clients/{client_id}/devices", {
      params: { path: { client_id: client.id } },
    });
    assertStatus(devices, 200);
    assert.deepEqual(
      devices.data?.items.map((d) => [d.id, d.platform, d.locale]),
      [[first.data.id, "android", "de-DE"]],
    );
  });

  it("syncs from zero into its local model, which then holds what the server has", async () => {
    // Small pages, so that the app has to follow `has_more`.
    const pages = await sync(phone.api, phone.clientId, model, 2);
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    const changes = pages.flat();
    assertWhole(changes);
    const seqs = changes.map((c) => c.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "changes in write order");
    assert.deepEqual(
      keys(changes),
      [
        `client:${client.id}`,
        `course:${client.treatment.course_id}`,
        `homework:${intakeHomework.id}`,
        `relationship:${intakePerson.id}`,
        `reminder_settings:${client.id}`,
      ].sort(),
    );

    // The client's record and course, as the client's own endpoint shows them.
    const server = await phone.api.GET("/api/v1/clients/{client_id}", {
      params: { path: { client_id: client.id } },
    });
    assertStatus(server, 200);
    assert.ok(server.data);
    const { treatment } = server.data;
    const target = await phone.api.GET("/api/v1/clients/{client_id}/practice-target", {
      params: { path: { client_id: client.id } },
    });
    assertStatus(target, 200);
    assert.ok(target.data);
    const expected: Schemas["ClientRecord"] = {
      display_name: server.data.display_name,
      timezone: server.data.timezone,
      region: server.data.region,
      region_source: server.data.region_source,
      locale: server.data.locale,
      session_time: treatment.session_time,
      problem_areas: treatment.problem_areas,
      weekly_practice_target: target.data.weekly_target,
      gad7_enabled: treatment.gad7_enabled,
    };
    assert.deepEqual(model.client, expected);
    assert.equal(model.client?.display_name, "Mara");
    assert.equal(model.client?.session_time, "17:30");
    assert.equal(model.client?.locale, "de-DE");
    assert.equal(model.client?.region, "DE");
    assert.deepEqual(model.client?.problem_areas, ["role_transition"]);
    const course = model.courses.get(treatment.course_id);
    assert.ok(course, "the current course");
    assert.deepEqual(
      { ...course },
      {
        id: treatment.course_id,
        number: 1,
        kind: treatment.course_kind,
        start_date: treatment.start_date,
        planned_sessions: treatment.planned_sessions,
        interval_weeks: treatment.interval_weeks,
        ended_at: null,
        ended_after_slot: null,
        end_reason: null,
        end_note: null,
        sick_role_discussed: treatment.initial_phase.sick_role_discussed,
      } satisfies Schemas["CourseRecord"],
    );
    const reminders = await phone.api.GET("/api/v1/clients/{client_id}/reminders", {
      params: { path: { client_id: client.id } },
    });
    assertStatus(reminders, 200);
    assert.deepEqual(model.reminderSettings, reminders.data);

    const homework = await phone.api.GET("/api/v1/clients/{client_id}/homework", {
      params: { path: { client_id: client.id } },
    });
    assertStatus(homework, 200);
    assert.deepEqual([...model.homework.values()], homework.data?.items);
    assert.equal(model.homework.get(intakeHomework.id)?.status, "assigned");

    const people = await phone.api.GET("/api/v1/clients/{client_id}/relationships", {
      params: { path: { client_id: client.id } },
    });
    assertStatus(people, 200);
    assert.deepEqual([...model.relationships.values()], people.data?.items);

    // Nothing else was written.
    assert.equal(model.checkins.size + model.exerciseLogs.size + model.sessions.size, 0);
    assert.equal(model.safetyPlan, undefined);
  });

  // Made while offline; sent (and re-sent) once the phone is back online.
  const checkin = {
    id: randomUUID(),
    recorded_at: withOffset(new Date(Date.now() - 3600_000)),
    mood: 6,
    note: "Told my sister about the move.",
    phq9: [1, 1, 0, 1, 0, 1, 0, 1, 0],
  } satisfies Schemas["CreateCheckinRequest"];
  const practice = {
    id: randomUUID(),
    practiced_at: withOffset(new Date(Date.now() - 40 * 60_000)),
    difficulty: 4,
    outcome: 7,
    note: "Asked for what I need, calmly.",
  };
  let laterHomework: Schemas["HomeworkResponse"];
  let storedCheckin: Schemas["CheckinResponse"];
  let storedPractice: Schemas["ExerciseLogResponse"];

  it("writes offline with its own ids; retries are answered alike and change nothing", async () => {
    const path = { params: { path: { client_id: client.id } } };
    const exercises = await phone.api.GET("/api/v1/exercises");
    assertStatus(exercises, 200);
    const exercise = exercises.data?.items[0];
    assert.ok(exercise, "a built-in exercise");
    const log = {
      ...practice,
      exercise_key: exercise.key,
    } satisfies Schemas["CreateExerciseLogRequest"];

    // Meanwhile the therapist assigns more homework.
    const homework = await therapist.POST("/api/v1/clients/{client_id}/homework", {
      ...path,
      body: { title: "Practise the exercise twice", exercise_key: exercise.key },
    });
    assertStatus(homework, 201);
    assert.ok(homework.data);
    laterHomework = homework.data;

    const sent = await phone.api.POST("/api/v1/clients/{client_id}/checkins", {
      ...path,
      body: { ...checkin, relationship_id: intakePerson.id },
    });
    assertStatus(sent, 201);
    assert.ok(sent.data);
    storedCheckin = sent.data;
    assert.equal(sent.data.id, checkin.id);
    assert.equal(sent.data.mood, 6);
    assert.equal(sent.data.relationship_id, intakePerson.id);
    assert.equal(sent.data.phq9_total, 5);
    assert.equal(sent.data.phq9_band, "mild");
    assert.equal(sent.data.risk_flag, false);
    assert.match(sent.data.recorded_at, /Z$/);
    assert.equal(Date.parse(sent.data.recorded_at), Date.parse(checkin.recorded_at));

    const logged = await phone.api.POST("/api/v1/clients/{client_id}/exercise-logs", {
      ...path,
      body: log,
    });
    assertStatus(logged, 201);
    assert.ok(logged.data);
    storedPractice = logged.data;
    assert.equal(logged.data.id, practice.id);
    assert.equal(logged.data.exercise_key, exercise.key);
    assert.equal(logged.data.outcome, 7);

    // The answers were lost: the app sends both again, twice. Same record, 200.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const again = await phone.api.POST("/api/v1/clients/{client_id}/checkins", {
        ...path,
        body: { ...checkin, relationship_id: intakePerson.id },
      });
      assertStatus(again, 200);
      assert.deepEqual(again.data, storedCheckin);
      const loggedAgain = await phone.api.POST("/api/v1/clients/{client_id}/exercise-logs", {
        ...path,
        body: log,
      });
      assertStatus(loggedAgain, 200);
      assert.deepEqual(loggedAgain.data, storedPractice);
    }

    // An id already used for something else is a conflict.
    const otherCheckin = await phone.api.POST("/api/v1/clients/{client_id}/checkins", {
      ...path,
      body: { ...checkin, relationship_id: intakePerson.id, mood: 3 },
    });
    const conflict = assertProblem(otherCheckin, 409, "/problems/conflict");
    assert.equal(conflict.crisis_resources, undefined, "no safety signal in these answers");
    const otherLog = await phone.api.POST("/api/v1/clients/{client_id}/exercise-logs", {
      ...path,
      body: { ...log, outcome: 8 },
    });
    assertProblem(otherLog, 409, "/problems/conflict");

    // Nothing was stored twice, nor changed by the conflicting bodies.
    const checkins = await phone.api.GET("/api/v1/clients/{client_id}/checkins", path);
    assertStatus(checkins, 200);
    assert.deepEqual(checkins.data?.items, [storedCheckin]);
    const logs = await phone.api.GET("/api/v1/clients/{client_id}/exercise-logs", path);
    assertStatus(logs, 200);
    assert.deepEqual(logs.data?.items, [storedPractice]);
  });

  it("syncs again from its cursor and gets exactly the new records", async () => {
    const cursor = model.cursor;
    const changes = (await sync(phone.api, phone.clientId, model)).flat();
    assertWhole(changes);
    assert.deepEqual(keys(changes), [
      `checkin:${checkin.id}`,
      `exercise_log:${practice.id}`,
      `homework:${laterHomework.id}`,
    ].sort());
    assert.notEqual(model.cursor, cursor);
    assert.deepEqual(model.checkins.get(checkin.id), storedCheckin);
    assert.deepEqual(model.exerciseLogs.get(practice.id), storedPractice);
    assert.deepEqual(model.homework.get(laterHomework.id), laterHomework);

    // A retry after the sync writes nothing new either.
    const replay = await phone.api.POST("/api/v1/clients/{client_id}/checkins", {
      params: { path: { client_id: client.id } },
      body: { ...checkin, relationship_id: intakePerson.id },
    });
    assertStatus(replay, 200);
    const idle = await sync(phone.api, phone.clientId, model);
    assert.deepEqual(idle.flat(), []);
  });

  it("stays signed in through a retried refresh and two concurrent ones", async () => {
    const original = phone.tokens;

    // A refresh whose answer was lost, sent again: the same successor pair.
    const first = await phone.exchange();
    assertStatus(first, 200);
    assert.ok(first.data);
    assert.notEqual(first.data.refresh_token, original.refresh_token);
    assert.notEqual(first.data.access_token, original.access_token);
    const retried = await phone.exchange(original.refresh_token);
    assertStatus(retried, 200);
    assert.equal(retried.data?.access_token, first.data.access_token);
    assert.equal(retried.data?.refresh_token, first.data.refresh_token);
    phone.tokens = first.data;

    // Two parts of the app refresh at once with the same token (say, two requests met a 401).
    const [a, b] = await Promise.all([phone.exchange(), phone.exchange()]);
    assertStatus(a, 200);
    assertStatus(b, 200);
    assert.ok(a.data && b.data);
    assert.equal(a.data.access_token, b.data.access_token);
    assert.equal(a.data.refresh_token, b.data.refresh_token);
    assert.notEqual(a.data.refresh_token, first.data.refresh_token);
    phone.tokens = a.data;

    // The new access token works, and so does a refresh with its successor.
    const me = await phone.api.GET("/api/v1/me");
    assertStatus(me, 200);
    assert.equal(me.data?.id, client.id);
    const next = await phone.exchange();
    assertStatus(next, 200);
    assert.ok(next.data);
    assert.notEqual(next.data.refresh_token, a.data.refresh_token);
    phone.tokens = next.data;
    const meAgain = await phone.api.GET("/api/v1/me");
    assertStatus(meAgain, 200);
    assert.equal(meAgain.data?.role, "client");

    // Having refreshed, the phone evidently got its sign-in: the invite is not answered again.
    const lateRetry = await anonymous.POST("/api/v1/auth/invite", {
      body: { code, device_id: deviceId },
    });
    assertProblem(lateRetry, 401, "/problems/invite-used");
  });

  it("resolves an edit conflict over the reminder settings", async () => {
    const path = { path: { client_id: client.id } };
    const read = await phone.api.GET("/api/v1/clients/{client_id}/reminders", { params: path });
    assertStatus(read, 200);
    assert.ok(read.data);
    const seen = etagOf(read.response);
    const mine = read.data;

    // The therapist changes the quiet hours in the meantime.
    const theirs = await therapist.GET("/api/v1/clients/{client_id}/reminders", { params: path });
    assertStatus(theirs, 200);
    assert.ok(theirs.data);
    assert.equal(etagOf(theirs.response), seen);
    const changed = await therapist.PUT("/api/v1/clients/{client_id}/reminders", {
      params: { ...path, header: { "If-Match": seen } },
      body: { ...theirs.data, quiet_hours: { start: "21:30", end: "07:30" } },
    });
    assertStatus(changed, 200);
    const current = etagOf(changed.response);
    assert.notEqual(current, seen);

    // The client moves the check-in reminder on the phone: refused, the settings changed.
    const stale = await phone.api.PUT("/api/v1/clients/{client_id}/reminders", {
      params: { ...path, header: { "If-Match": seen } },
      body: { ...mine, checkin_reminder: { local_time: "21:15" } },
    });
    assertProblem(stale, 412, "/problems/precondition-failed");

    // Read again, apply the client's edit to what is there now, send it with the new tag.
    const fresh = await phone.api.GET("/api/v1/clients/{client_id}/reminders", { params: path });
    assertStatus(fresh, 200);
    assert.ok(fresh.data);
    assert.equal(etagOf(fresh.response), current);
    assert.deepEqual(fresh.data.quiet_hours, { start: "21:30", end: "07:30" });
    const merged = { ...fresh.data, checkin_reminder: { local_time: "21:15" } };
    const saved = await phone.api.PUT("/api/v1/clients/{client_id}/reminders", {
      params: { ...path, header: { "If-Match": current } },
      body: merged,
    });
    assertStatus(saved, 200);
    assert.deepEqual(saved.data, merged);
    const last = etagOf(saved.response);
    assert.notEqual(last, current);

    // The therapist sees both edits, and the phone's next sync brings the settings once.
    const therapistView = await therapist.GET("/api/v1/clients/{client_id}/reminders", { params: path });
    assertStatus(therapistView, 200);
    assert.deepEqual(therapistView.data, merged);
    assert.equal(etagOf(therapistView.response), last);
    const changes = (await sync(phone.api, phone.clientId, model)).flat();
    assert.deepEqual(keys(changes), [`reminder_settings:${client.id}`]);
    assert.deepEqual(model.reminderSettings, merged);
  });

  it("drops its copy and syncs from zero when its cursor is refused with 410", async () => {
    // Another client's cursor stands for every cursor the server cannot continue from (one
    // issued before a restore from a backup is refused the same way: docs/operations.md).
    const other = await therapist.POST("/api/v1/clients", {
      body: {
        display_name: "Other",
        timezone: "UTC",
        treatment: { start_date: new Date().toISOString().slice(0, 10), planned_sessions: 8 },
      },
    });
    assertStatus(other, 201);
    assert.ok(other.data);
    const theirs = emptyModel();
    await sync(therapist, other.data.id, theirs);
    assert.notEqual(theirs.cursor, "0");

    const before = structuredClone(model);
    model.cursor = theirs.cursor;
    const refused = await phone.api.GET("/api/v1/clients/{client_id}/changes", {
      params: { path: { client_id: phone.clientId }, query: { since: model.cursor } },
    });
    assertProblem(refused, 410, RESYNC_REQUIRED);

    const pages = await sync(phone.api, phone.clientId, model, 4);
    assert.ok(pages.flat().length > 0, "a full sync from zero");
    assert.notEqual(model.cursor, theirs.cursor);
    before.cursor = model.cursor;
    assert.deepEqual(model, before, "the same records as before");
  });

  it("ends where a fresh full sync ends", async () => {
    const fresh = emptyModel();
    const pages = await sync(phone.api, phone.clientId, fresh, 3);
    for (const change of pages.flat()) {
      // Replaying a change twice changes nothing.
      applyChange(fresh, change);
    }
    assert.deepEqual(fresh, model);
  });
});
