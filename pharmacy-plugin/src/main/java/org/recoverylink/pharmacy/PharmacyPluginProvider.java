package org.recoverylink.pharmacy;

/**
 * The service a plug-in implementation provides ({@code META-INF/services}); found by
 * {@link PharmacyPlugin#open}.
 */
public interface PharmacyPluginProvider {

  PharmacyPlugin open(PluginSettings settings);
}
