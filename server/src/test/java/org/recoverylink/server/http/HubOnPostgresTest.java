package org.recoverylink.server.http;

import org.junit.jupiter.api.Nested;
import org.recoverylink.server.store.Databases;

/** The hub's suites (referrals, OST) on PostgreSQL (--db), each suite on a fresh schema. */
class HubOnPostgresTest {

  @Nested
  class Intake extends ReferralIntakeSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class Messages extends MessageIntakeSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class TaskUpdates extends TaskUpdateSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class Delivery extends DeliverySuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class Ost extends OstSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class Reports extends ReportSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class Worklist extends WorklistSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class CapacityRouting extends CapacitySuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class HearBack extends HearBackSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }

  @Nested
  class Escalation extends EscalationSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.POSTGRESQL;
    }
  }
}
