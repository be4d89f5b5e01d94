package dev.todomesh.workflows;

import static dev.todomesh.workflows.Commands.patch;
import static dev.todomesh.workflows.Commands.upsertDue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reminders on durable timers, with the test server skipping time. */
class TodoReminderTest {

  private WorkflowHarness harness;

  @BeforeEach
  void startEnvironment() {
    harness = new WorkflowHarness();
  }

  @AfterEach
  void stopEnvironment() {
    harness.close();
  }

  @Test
  void reminderIsSentOnceWhenDue() {
    Instant dueAt = harness.now().plus(Duration.ofHours(1));
    harness.send("a", 100, upsertDue("a", 1, dueAt, null));
    harness.awaitState("a", s -> s.version() == 1);

    harness.env.sleep(Duration.ofHours(3));
    TodoState state = harness.awaitState("a", s -> s.version() == 2);

    assertThat(reminders()).isEqualTo(1);
    assertThat(state.reminderSentFor()).isEqualTo(dueAt);
    assertThat(harness.activities.published.get(1).time()).isAfterOrEqualTo(dueAt);
  }

  @Test
  void reminderIsNotSentBeforeDue() {
    harness.send("a", 100, upsertDue("a", 1, harness.now().plus(Duration.ofHours(5)), null));
    harness.awaitState("a", s -> s.version() == 1);

    harness.env.sleep(Duration.ofHours(1));

    assertThat(reminders()).isZero();
  }

  @Test
  void changedDueTimeReschedulesReminder() {
    Instant first = harness.now().plus(Duration.ofHours(1));
    Instant later = harness.now().plus(Duration.ofHours(10));
    harness.send("a", 100, upsertDue("a", 1, first, null));
    harness.awaitState("a", s -> s.version() == 1);

    harness.send("a", 100, patch("a", 2, new TodoPatch(null, null, null, false, later, false)));
    harness.awaitState("a", s -> s.version() == 2);
    harness.env.sleep(Duration.ofHours(5));
    assertThat(reminders()).isZero();

    harness.env.sleep(Duration.ofHours(6));
    TodoState state = harness.awaitState("a", s -> s.version() == 3);
    assertThat(reminders()).isEqualTo(1);
    assertThat(state.reminderSentFor()).isEqualTo(later);
  }

  @Test
  void completingTodoCancelsReminder() {
    harness.send("a", 100, upsertDue("a", 1, harness.now().plus(Duration.ofHours(1)), null));
    harness.send("a", 100, patch("a", 2, Commands.completing()));
    harness.awaitState("a", s -> s.version() == 2);

    harness.env.sleep(Duration.ofHours(3));

    assertThat(reminders()).isZero();
  }

  @Test
  void reminderSurvivesContinueAsNew() {
    Instant dueAt = harness.now().plus(Duration.ofHours(1));
    harness.send("a", 2, upsertDue("a", 1, dueAt, null));
    harness.send("a", 2, patch("a", 2, new TodoPatch("renamed", null, null, false, null, false)));
    harness.send("a", 2, patch("a", 3, new TodoPatch("renamed again", null, null, false, null, false)));
    harness.awaitState("a", s -> s.version() == 3);

    harness.env.sleep(Duration.ofHours(3));
    harness.awaitState("a", s -> s.version() == 4);

    assertThat(reminders()).isEqualTo(1);
  }

  private long reminders() {
    return harness.activities.publishedTypes("a").stream()
        .filter(TodoChange.REMINDER_DUE::equals)
        .count();
  }
}
