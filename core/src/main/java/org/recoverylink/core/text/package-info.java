/** Text helpers shared by every module: how a message quotes what it was given. */
package org.recoverylink.core.text;
