package org.recoverylink.core.directory;

import org.recoverylink.core.rules.Coded;

/** A person's circumstances that routing takes into account (endpoint's circumstance codes). */
public enum Circumstance implements Coded {
  INJECTING("injecting", "Injecting"),
  PREGNANT("pregnant", "Pregnant"),
  CRIMINAL_JUSTICE("criminal-justice", "Criminal justice involvement"),
  PRISON_RELEASE("prison-release", "Recently released from prison"),
  NO_FIXED_ABODE("no-fixed-abode", "No fixed abode"),
  HOUSING_PROBLEM("housing-problem", "Housing problem"),
  AFFECTED_FAMILY_MEMBER("affected-family-member", "Family member affected by someone's use"),
  PARENT_OR_CARER("parent-or-carer", "Parent or carer");

  private final String code;
  private final String display;

  Circumstance(String code, String display) {
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
