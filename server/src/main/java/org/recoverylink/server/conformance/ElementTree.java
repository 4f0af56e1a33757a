package org.recoverylink.server.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * A StructureDefinition's snapshot as the tree its element paths make: each element with its
 * children by name, and, where the element is sliced, its slices, each with the children the
 * slice constrains. Built once per definition; the snapshot's list order is FHIR's (a parent
 * before its children, a slicing entry before its slices).
 */
final class ElementTree {

  /** An element definition, its children by the last step of their path, and its slices. */
  record Node(ElementDefinition definition, Map<String, Node> children, List<Slice> slices) {

    Node(ElementDefinition definition) {
      this(definition, new LinkedHashMap<>(), new ArrayList<>());
    }

    /** The element's name in its parent: the last step of its path ("value[x]"). */
    String name() {
      String path = definition.getPath();
      return path.substring(path.lastIndexOf('.') + 1);
    }
  }

  /** A named slice of a sliced element. */
  record Slice(String name, Node node) {
  }

  private ElementTree() {
  }

  /**
   * The root of {@code definition}'s snapshot.
   *
   * @throws IllegalArgumentException when the definition has no snapshot, or its elements are
   *     not in the snapshot's order
   */
  static Node of(StructureDefinition definition) {
    List<ElementDefinition> elements = definition.getSnapshot().getElement();
    if (elements.isEmpty()) {
      throw new IllegalArgumentException(definition.getUrl() + " has no snapshot");
    }
    Node root = new Node(elements.get(0));
    // The node each path (and slice, as "path:slice") names, to hang the next elements from.
    Map<String, Node> open = new LinkedHashMap<>();
    open.put(elements.get(0).getPath(), root);
    for (ElementDefinition element : elements.subList(1, elements.size())) {
      String path = element.getPath();
      String parentPath = path.substring(0, path.lastIndexOf('.'));
      Node parent = innermost(open, parentPath, element.getId());
      if (parent == null) {
        throw new IllegalArgumentException(definition.getUrl() + ": no parent for "
            + element.getId());
      }
      Node node = new Node(element);
      if (element.hasSliceName()) {
        Node sliced = parent.children().get(node.name());
        if (sliced == null) {
          throw new IllegalArgumentException(definition.getUrl() + ": slice "
              + element.getId() + " before its element");
        }
        sliced.slices().add(new Slice(element.getSliceName(), node));
      } else {
        parent.children().put(node.name(), node);
      }
      open.put(key(element), node);
    }
    return root;
  }

  /**
   * The node an element hangs from: the one its id names without its last step, so that a
   * slice's children hang from the slice ("Parameters.parameter:kits.value[x]").
   */
  private static Node innermost(Map<String, Node> open, String parentPath, String id) {
    if (id != null && id.lastIndexOf('.') > 0) {
      Node byId = open.get(id.substring(0, id.lastIndexOf('.')));
      if (byId != null) {
        return byId;
      }
    }
    return open.get(parentPath);
  }

  /** An element's id, which names the slices on its way ("Parameters.parameter:kits"). */
  private static String key(ElementDefinition element) {
    return element.hasId() ? element.getId() : element.getPath();
  }
}
