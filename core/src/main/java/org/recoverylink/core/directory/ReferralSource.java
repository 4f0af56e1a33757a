package org.recoverylink.core.directory;

import org.recoverylink.core.rules.Coded;

/** Who is referring (endpoint's referral-source codes). */
public enum ReferralSource implements Coded {
  GP("gp", "GP practice"),
  PHARMACY("pharmacy", "Community pharmacy"),
  HOSPITAL("hospital", "Hospital"),
  SELF("self", "Self-referral"),
  /** A family member or friend, with the person's agreement. */
  FAMILY("family", "Family member or friend"),
  CRIMINAL_JUSTICE("criminal-justice", "Criminal justice"),
  SOCIAL_SERVICES("social-services", "Social services"),
  COMMUNITY_WELLBEING_OFFICER("community-wellbeing-officer", "Community Wellbeing Officer"),
  OTHER("other", "Other");

  private final String code;
  private final String display;

  ReferralSource(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String display() {
    return display;
  }
}
