// Kubernetes manifests, tested for content (no cluster can run here).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kubernetesManifests, toYaml } from "../src/cluster/kubernetes";
import { loadScenarioFile } from "../src/scenario/load";
import { runCli, tempDir } from "./helpers";

describe("sim k8s", () => {
  const scenario = loadScenarioFile("sims/default.json");
  const { shardsJob, mergeJob } = kubernetesManifests({ scenario, outDir: "x", shards: 8, threadsPerShard: 2, image: "img:1", volumeClaim: "claim" }) as any;

  it("an Indexed Job of N completions runs shard JOB_COMPLETION_INDEX of N", () => {
    const [configMap, job] = shardsJob;
    expect(configMap.kind).toBe("ConfigMap");
    expect(JSON.parse(configMap.data["scenario.resolved.json"])).toEqual(JSON.parse(JSON.stringify(scenario)));
    expect(job.spec.completionMode).toBe("Indexed");
    expect(job.spec.completions).toBe(8);
    expect(job.spec.parallelism).toBe(8);
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe("img:1");
    expect(container.args[0]).toContain('--shard "$JOB_COMPLETION_INDEX/8"');
    expect(container.args[0]).toContain('--out "/results/shards/shard-$JOB_COMPLETION_INDEX" --resume');
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    expect(job.spec.template.spec.volumes[1].persistentVolumeClaim.claimName).toBe("claim");
  });

  it("the merge Job merges all N shard folders", () => {
    const args = mergeJob.spec.template.spec.containers[0].args[0];
    expect(args).toBe(`node dist/cli.cjs merge ${Array.from({ length: 8 }, (_, i) => `/results/shards/shard-${i}`).join(" ")} --out /results/merged`);
  });

  it("YAML output: block maps and lists with JSON-quoted scalars", () => {
    expect(toYaml({ a: 1, b: "x y", c: [1, { d: true }], e: "l1\nl2\n" })).toBe('a: 1\nb: "x y"\nc:\n  - 1\n  -\n    d: true\ne: |\n  l1\n  l2\n');
  });

  it("the CLI writes k8s/shards.yaml and k8s/merge.yaml", () => {
    const out = tempDir();
    const r = runCli(["k8s", "sims/default.json", "--shards", "4", "--out", out, "--image", "registry.example/hashgrid:0.1.0"]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(out, "k8s", "shards.yaml"), "utf8");
    expect(text).toMatch(/completionMode: "Indexed"/);
    expect(text).toMatch(/completions: 4/);
    expect(text).toMatch(/Not run against a live cluster here/);
    expect(readFileSync(join(out, "k8s", "merge.yaml"), "utf8")).toMatch(/merge \/results\/shards\/shard-0 .* --out \/results\/merged/);
    expect(runCli(["k8s", "sims/default.json", "--shards", "4", "--out", out]).stderr).toMatch(/--image: expected/);
  });
});
