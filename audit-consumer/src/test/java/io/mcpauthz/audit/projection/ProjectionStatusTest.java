package io.mcpauthz.audit.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.audit.projection.ProjectionStatus.State;
import org.junit.jupiter.api.Test;

/** Readiness after a failure waits for a poll that goes through, not just for the next assignment. */
class ProjectionStatusTest {

  @Test
  void shouldBeReadyOnceAssigned() {
    ProjectionStatus status = new ProjectionStatus(Projection.OCSF);
    assertThat(status.ready()).isFalse();

    status.state(State.ASSIGNED);

    assertThat(status.ready()).isTrue();
  }

  @Test
  void shouldStayNotReadyAfterAFailureUntilAPollGoesThrough() {
    ProjectionStatus status = new ProjectionStatus(Projection.ECS);
    status.state(State.ASSIGNED);
    status.failed("InvalidTopicException");

    status.state(State.CONNECTING);
    status.state(State.ASSIGNED); // the group took it back; its batch has not been produced yet

    assertThat(status.ready()).isFalse();
    assertThat(status.lastError()).isEqualTo("InvalidTopicException");

    status.polled();

    assertThat(status.ready()).isTrue();
    assertThat(status.lastError()).isNull();
  }
}
