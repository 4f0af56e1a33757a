package org.recoverylink.server.map;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.recoverylink.core.directory.Access;
import org.recoverylink.core.directory.Coverage;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Service;

/**
 * The directory's services grouped as the map shows them, the same for the page and the
 * picture: each area's own services, those for the whole geography, the single point of
 * contact, those reached only through a specialist, and those for districts outside the
 * directory's area. Every service is in at least one group (a service covering two areas is in
 * both).
 *
 * @param contact        the single point of contact
 * @param areas          the areas (Essex: quadrants), in the geography's order
 * @param whole          services for every local district, the single point of contact aside
 * @param specialistOnly services only a specialist can refer to, whatever their coverage
 * @param outside        the districts the directory knows but does not cover (neighbours)
 * @param outsideServices services that cover one of those districts
 */
record Sections(Service contact, List<Area> areas, List<Service> whole,
    List<Service> specialistOnly, List<District> outside, List<Service> outsideServices) {

  /**
   * One area and the services that take people from it.
   *
   * @param name      e.g. "North"
   * @param districts its districts
   * @param services  services covering the area or one of its districts
   */
  record Area(String name, List<District> districts, List<Service> services) {
  }

  static Sections of(Directory directory) {
    Service contact = directory.singlePointOfContact();
    List<Service> direct = directory.services().stream()
        .filter(s -> s.eligibility().access() == Access.DIRECT && !s.equals(contact)).toList();
    List<District> districts = directory.geography().districts();
    List<Area> areas = directory.geography().areas().stream().map(area -> {
      List<District> own = districts.stream()
          .filter(d -> d.local() && d.area().equals(area)).toList();
      Set<String> codes = own.stream().map(District::code).collect(Collectors.toSet());
      return new Area(area, own, direct.stream().filter(s -> s.coverage()
          instanceof Coverage.Areas a && a.names().contains(area)
          || s.coverage() instanceof Coverage.Districts d
              && d.codes().stream().anyMatch(codes::contains)).toList());
    }).toList();
    List<District> outside = districts.stream().filter(d -> !d.local()).toList();
    Set<String> outsideCodes = outside.stream().map(District::code).collect(Collectors.toSet());
    return new Sections(contact, areas,
        direct.stream().filter(s -> s.coverage() instanceof Coverage.Whole).toList(),
        directory.services().stream()
            .filter(s -> s.eligibility().access() != Access.DIRECT).toList(),
        outside,
        direct.stream().filter(s -> s.coverage() instanceof Coverage.Districts d
            && d.codes().stream().anyMatch(outsideCodes::contains)).toList());
  }
}
