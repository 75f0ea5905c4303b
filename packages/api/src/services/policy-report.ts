/**
 * policies.report: the open violations the person may see as a PDF (one
 * column, A4, readable on a phone), a PolicyReport List (JSON) or CSV.
 */
import type { PoliciesReportOutput, PolicySeverity, StoredViolation } from "@clustercord/contracts";
import { getPolicy, toPolicyReports, violationsCsv } from "@clustercord/policy";
import PDFDocument from "pdfkit";
import { severityCounts } from "./policy-logic";

export interface ReportInput {
  cluster: string;
  now: Date;
  violations: readonly StoredViolation[];
  /** Fix in words per violation (see fixWords), when one is known. */
  fixOf: (v: StoredViolation) => string | null;
}

const SEVERITIES: PolicySeverity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"];
const MAIN = new Set<PolicySeverity>(["CRITICAL", "HIGH", "MEDIUM"]);
const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60);

function file(name: string, contentType: string, body: Buffer, violations: number): PoliciesReportOutput {
  return { filename: name, contentType, base64: body.toString("base64"), bytes: body.length, violations };
}

export function jsonReport(input: ReportInput): PoliciesReportOutput {
  const items = toPolicyReports(input.violations, { now: input.now, cluster: input.cluster });
  const body = Buffer.from(`${JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2)}\n`);
  return file(`policy-report-${slug(input.cluster)}.json`, "application/json", body, input.violations.length);
}

export function csvReport(input: ReportInput): PoliciesReportOutput {
  const body = Buffer.from(violationsCsv(input.violations));
  return file(`policy-violations-${slug(input.cluster)}.csv`, "text/csv", body, input.violations.length);
}

/** A4, one column and large type: a phone shows it at full width without zooming sideways. */
export async function pdfReport(input: ReportInput): Promise<PoliciesReportOutput> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 48,
    info: { Title: `Policy report: ${input.cluster}`, Author: "ClusterCord" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  doc.font("Helvetica-Bold").fontSize(22).text("Policy report");
  doc.font("Helvetica").fontSize(13).text(`Cluster: ${input.cluster}`);
  doc.text(`Date: ${input.now.toISOString().replace("T", " ").slice(0, 16)} UTC`);
  doc.moveDown();
  const counts = severityCounts(input.violations);
  doc.font("Helvetica-Bold").fontSize(15).text(`Open violations: ${input.violations.length}`);
  doc.font("Helvetica").fontSize(13);
  // The guide's three always; LOW and INFO when there are any.
  for (const s of SEVERITIES) if (counts[s] > 0 || MAIN.has(s)) doc.text(`${s}: ${counts[s]}`);
  doc.moveDown();
  if (input.violations.length === 0) doc.text("No open violations.");
  for (const v of input.violations) {
    const where = `${v.namespace ? `${v.namespace}/` : ""}${v.kind}/${v.name}`;
    doc
      .font("Helvetica-Bold")
      .fontSize(14)
      .text(`${v.severity} · ${getPolicy(v.policy).title}`);
    doc.font("Helvetica").fontSize(12).text(where);
    if (v.container) doc.text(`Container: ${v.container}`);
    doc.text(v.message);
    const fix = input.fixOf(v);
    doc.fillColor("#1d4ed8").text(fix ? `Fix: ${fix}` : `Fix: ${getPolicy(v.policy).description}`);
    doc.fillColor("black").text(`First seen ${v.firstSeen.slice(0, 16).replace("T", " ")} UTC`);
    doc.moveDown();
  }
  doc.end();
  await done;
  return file(
    `policy-report-${slug(input.cluster)}.pdf`,
    "application/pdf",
    Buffer.concat(chunks),
    input.violations.length,
  );
}
