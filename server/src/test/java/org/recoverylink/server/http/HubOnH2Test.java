package org.recoverylink.server.http;

import org.junit.jupiter.api.Nested;
import org.recoverylink.server.store.Databases;

/** The hub's suites (referrals, OST) on the embedded H2 database (the default). */
class HubOnH2Test {

  @Nested
  class Intake extends ReferralIntakeSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class Messages extends MessageIntakeSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class TaskUpdates extends TaskUpdateSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class Delivery extends DeliverySuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class Ost extends OstSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class Reports extends ReportSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class Worklist extends WorklistSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class CapacityRouting extends CapacitySuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class HearBack extends HearBackSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }

  @Nested
  class Escalation extends EscalationSuite {
    @Override
    Databases.Kind kind() {
      return Databases.Kind.H2;
    }
  }
}
