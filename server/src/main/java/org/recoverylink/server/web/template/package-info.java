/**
 * The public pages' templates, compiled to Java by jte-maven-plugin from {@code src/main/jte}
 * (the classes are generated; only this file is written by hand). Rendered by {@code web.Pages}.
 */
package org.recoverylink.server.web.template;
