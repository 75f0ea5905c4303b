import { describe, expect, it } from "vitest";
import { publishersOf } from "../src/demo-charts";

describe("publishersOf", () => {
  it("maps each blueprint chart to the ArtifactHub repository it is published in", () => {
    expect(publishersOf(["jetstack/cert-manager", "grafana/loki", "grafana/grafana"])).toEqual({
      "cert-manager": "jetstack",
      loki: "grafana",
      grafana: "grafana",
    });
  });
});
