/**
 * Table-driven authorization tests over EVERY procedure of the app router:
 * nobody unauthenticated gets in, a member of project A can neither read nor
 * change anything of project B, and a viewer cannot write. A new procedure
 * fails the "covers every procedure" test until it is added to the table.
 */
import { withTransaction } from "@myoscope/db/client";
import { insertFibers, listFiberPage } from "@myoscope/db/fibers";
import { insertSegmentationModel } from "@myoscope/db/segmentation-models";
import { findSegmentationRun } from "@myoscope/db/segmentation-runs";
import { findSynthesisImageFileKey } from "@myoscope/db/synthesis-runs";
import { getProjectModelKey } from "@myoscope/storage/model-keys";
import { getSegmentationFileKey } from "@myoscope/storage/segmentation-keys";
import { getSynthesisImageKey } from "@myoscope/storage/synthesis-keys";
import { appRouter } from "@myoscope/web/server/api/root";
import { encodeGrayPng } from "@myoscope/worker/synthesis/encode-gray-png";
import { TRPCError } from "@trpc/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { getTestDb } from "../../support/db.ts";
import {
  addTestMember,
  createTestProject,
  createTestSubject,
  createTestUser,
} from "../../support/factories.ts";
import { readRealImage, STRANGE_2014_JPEG } from "../../support/real-images.ts";
import { type Caller, createTestCaller, createTestDeps } from "../../support/trpc-caller.ts";

interface Fixture {
  projectA: string;
  projectB: string;
  orgB: string;
  subjectB: string;
  sectionB: string;
  jobB: string;
  memberB: string;
  inviteB: string;
  synthesisRunB: string;
  modelA: string;
  modelB: string;
  segmentationRunB: string;
  ownerA: string;
  ownerB: string;
  viewerB: string;
  // Annotations (issue 6)
  annotationB: string;
  fiberAnnotationsB: [string, string];
  // Surveys (issue 7)
  surveyB: string;
  surveyItemB: string;
}

type CallFn = (caller: Caller, f: Fixture) => Promise<unknown>;

/** A 10×10 px square, for annotation calls. */
const ANNOTATION_SQUARE = {
  type: "Polygon" as const,
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};

/** Each procedure aimed at project B's data. */
/** An ImageJ rectangle ROI (type 1) from (1, 1) to (5, 5): the 64-byte header alone. */
const RECTANGLE_ROI_BASE64 = (() => {
  const bytes = Buffer.alloc(64);
  bytes.write("Iout", 0, "latin1");
  bytes.writeInt16BE(228, 4);
  bytes.writeUInt8(1, 6);
  for (const [offset, value] of [
    [8, 1],
    [10, 1],
    [12, 5],
    [14, 5],
  ] as const) {
    bytes.writeInt16BE(value, offset);
  }
  return bytes.toString("base64");
})();

const CALLS_ON_B: Record<string, { call: CallFn; isWrite: boolean; isProjectScoped: boolean }> = {
  // Annotations (issue 6)
  "annotation.list": {
    call: (c, f) => c.annotation.list({ projectId: f.projectB, sectionId: f.sectionB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "annotation.changes": {
    call: (c, f) =>
      c.annotation.changes({ projectId: f.projectB, sectionId: f.sectionB, since: new Date(0) }),
    isWrite: false,
    isProjectScoped: true,
  },
  "annotation.authors": {
    call: (c, f) => c.annotation.authors({ projectId: f.projectB, sectionId: f.sectionB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "annotation.exportGeoJson": {
    call: (c, f) => c.annotation.exportGeoJson({ projectId: f.projectB, sectionId: f.sectionB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "annotation.create": {
    call: (c, f) =>
      c.annotation.create({
        projectId: f.projectB,
        sectionId: f.sectionB,
        kind: "roi",
        geometry: ANNOTATION_SQUARE,
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.update": {
    call: (c, f) =>
      c.annotation.update({
        projectId: f.projectB,
        annotationId: f.annotationB,
        version: 1,
        label: "x",
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.delete": {
    call: (c, f) =>
      c.annotation.delete({ projectId: f.projectB, annotationId: f.annotationB, version: 1 }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.restore": {
    call: (c, f) =>
      c.annotation.restore({ projectId: f.projectB, annotationId: f.annotationB, version: 1 }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.importImageJRois": {
    call: (c, f) =>
      c.annotation.importImageJRois({
        projectId: f.projectB,
        sectionId: f.sectionB,
        fileName: "square.roi",
        base64: RECTANGLE_ROI_BASE64,
        kind: "fiber",
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.importGeoJson": {
    call: (c, f) =>
      c.annotation.importGeoJson({
        projectId: f.projectB,
        sectionId: f.sectionB,
        text: JSON.stringify({ type: "FeatureCollection", features: [] }),
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.acceptFibers": {
    call: (c, f) => c.annotation.acceptFibers({ projectId: f.projectB, runId: f.segmentationRunB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.mergeFibers": {
    call: (c, f) =>
      c.annotation.mergeFibers({ projectId: f.projectB, annotationIds: f.fiberAnnotationsB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "annotation.splitFiber": {
    call: (c, f) =>
      c.annotation.splitFiber({
        projectId: f.projectB,
        annotationId: f.fiberAnnotationsB[0],
        version: 1,
        line: [
          [0, 5],
          [20, 5],
        ],
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "user.me": { call: (c) => c.user.me(), isWrite: false, isProjectScoped: false },
  "user.organizations": {
    call: (c) => c.user.organizations(),
    isWrite: false,
    isProjectScoped: false,
  },
  "user.createOrganization": {
    call: (c) => c.user.createOrganization({ name: "Intruder Lab" }),
    isWrite: true,
    isProjectScoped: false,
  },
  "user.pendingInvites": {
    call: (c) => c.user.pendingInvites(),
    isWrite: false,
    isProjectScoped: false,
  },
  "user.acceptInvite": {
    call: (c, f) => c.user.acceptInvite({ inviteId: f.inviteB }),
    isWrite: true,
    isProjectScoped: false,
  },
  "project.list": { call: (c) => c.project.list(), isWrite: false, isProjectScoped: false },
  "project.create": {
    call: (c, f) => c.project.create({ organizationId: f.orgB, name: "Hijack" }),
    isWrite: true,
    isProjectScoped: false,
  },
  "project.get": {
    call: (c, f) => c.project.get({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "project.update": {
    call: (c, f) => c.project.update({ projectId: f.projectB, name: "Renamed" }),
    isWrite: true,
    isProjectScoped: true,
  },
  "project.delete": {
    call: (c, f) => c.project.delete({ projectId: f.projectB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "member.list": {
    call: (c, f) => c.member.list({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "member.invites": {
    call: (c, f) => c.member.invites({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "member.invite": {
    call: (c, f) => c.member.invite({ projectId: f.projectB, email: "x@evil.test", role: "owner" }),
    isWrite: true,
    isProjectScoped: true,
  },
  "member.revokeInvite": {
    call: (c, f) => c.member.revokeInvite({ projectId: f.projectB, inviteId: f.inviteB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "member.changeRole": {
    call: (c, f) =>
      c.member.changeRole({ projectId: f.projectB, memberId: f.memberB, role: "owner" }),
    isWrite: true,
    isProjectScoped: true,
  },
  "member.remove": {
    call: (c, f) => c.member.remove({ projectId: f.projectB, memberId: f.memberB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "subject.list": {
    call: (c, f) => c.subject.list({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "subject.get": {
    call: (c, f) => c.subject.get({ projectId: f.projectB, subjectId: f.subjectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "subject.create": {
    call: (c, f) => c.subject.create({ projectId: f.projectB, identifier: "X-1" }),
    isWrite: true,
    isProjectScoped: true,
  },
  "subject.update": {
    call: (c, f) =>
      c.subject.update({ projectId: f.projectB, subjectId: f.subjectB, identifier: "X-2" }),
    isWrite: true,
    isProjectScoped: true,
  },
  "subject.delete": {
    call: (c, f) => c.subject.delete({ projectId: f.projectB, subjectId: f.subjectB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "section.list": {
    call: (c, f) => c.section.list({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "section.get": {
    call: (c, f) => c.section.get({ projectId: f.projectB, sectionId: f.sectionB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "section.update": {
    call: (c, f) =>
      c.section.update({ projectId: f.projectB, sectionId: f.sectionB, pixelSizeUm: 9 }),
    isWrite: true,
    isProjectScoped: true,
  },
  "section.delete": {
    call: (c, f) => c.section.delete({ projectId: f.projectB, sectionId: f.sectionB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "section.extract": {
    call: (c, f) =>
      c.section.extract({ projectId: f.projectB, sectionId: f.sectionB, pixelSizeUm: 1 }),
    isWrite: true,
    isProjectScoped: true,
  },
  "job.list": {
    call: (c, f) => c.job.list({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "job.get": {
    call: (c, f) => c.job.get({ projectId: f.projectB, jobId: f.jobB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "job.cancel": {
    call: (c, f) => c.job.cancel({ projectId: f.projectB, jobId: f.jobB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "job.retry": {
    call: (c, f) => c.job.retry({ projectId: f.projectB, jobId: f.jobB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "synthesis.list": {
    call: (c, f) => c.synthesis.list({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "synthesis.get": {
    call: (c, f) => c.synthesis.get({ projectId: f.projectB, runId: f.synthesisRunB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "synthesis.images": {
    call: (c, f) => c.synthesis.images({ projectId: f.projectB, runId: f.synthesisRunB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "synthesis.preview": {
    call: (c, f) =>
      c.synthesis.preview({
        projectId: f.projectB,
        preset: "he-ffpe",
        overrides: {},
        seed: 1,
        size: 64,
      }),
    isWrite: false,
    isProjectScoped: true,
  },
  "synthesis.compare": {
    call: (c, f) =>
      c.synthesis.compare({
        projectId: f.projectB,
        runIds: [f.synthesisRunB],
        includeSections: false,
        seed: 1,
      }),
    isWrite: false,
    isProjectScoped: true,
  },
  "synthesis.create": {
    call: (c, f) =>
      c.synthesis.create({
        projectId: f.projectB,
        name: "intruder",
        preset: "he-ffpe",
        overrides: {},
        count: 1,
        size: 64,
        seed: 1,
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "synthesis.delete": {
    call: (c, f) => c.synthesis.delete({ projectId: f.projectB, runId: f.synthesisRunB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "synthesis.exports": {
    call: (c, f) => c.synthesis.exports({ projectId: f.projectB, runId: f.synthesisRunB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "synthesis.createExport": {
    call: (c, f) => c.synthesis.createExport({ projectId: f.projectB, runId: f.synthesisRunB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "segmentation.models": {
    call: (c, f) => c.segmentation.models({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "segmentation.setDefaultModel": {
    call: (c, f) => c.segmentation.setDefaultModel({ projectId: f.projectB, modelId: null }),
    isWrite: true,
    isProjectScoped: true,
  },
  "segmentation.deleteModel": {
    call: (c, f) => c.segmentation.deleteModel({ projectId: f.projectB, modelId: f.modelB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "segmentation.runs": {
    call: (c, f) => c.segmentation.runs({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "segmentation.get": {
    call: (c, f) => c.segmentation.get({ projectId: f.projectB, runId: f.segmentationRunB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "segmentation.fibers": {
    call: (c, f) => c.segmentation.fibers({ projectId: f.projectB, runId: f.segmentationRunB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "segmentation.diameters": {
    call: (c, f) => c.segmentation.diameters({ projectId: f.projectB, runId: f.segmentationRunB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "segmentation.create": {
    call: (c, f) =>
      c.segmentation.create({ projectId: f.projectB, sectionIds: [f.sectionB], modelId: f.modelB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "segmentation.deleteRun": {
    call: (c, f) => c.segmentation.deleteRun({ projectId: f.projectB, runId: f.segmentationRunB }),
    isWrite: true,
    isProjectScoped: true,
  },
  // Segmentation regions and evaluation.
  "segmentation.evaluate": {
    call: (c, f) => c.segmentation.evaluate({ projectId: f.projectB, runId: f.segmentationRunB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "segmentation.refreshRegions": {
    call: (c, f) => c.segmentation.refreshRegions({ projectId: f.projectB, sectionId: f.sectionB }),
    isWrite: true,
    isProjectScoped: true,
  },
  // Section viewer (issue 6).
  "segmentation.fiberAt": {
    call: (c, f) =>
      c.segmentation.fiberAt({ projectId: f.projectB, runId: f.segmentationRunB, x: 1, y: 1 }),
    isWrite: false,
    isProjectScoped: true,
  },
  "segmentation.featureRange": {
    call: (c, f) => c.segmentation.featureRange({ projectId: f.projectB, feature: "minFeretUm" }),
    isWrite: false,
    isProjectScoped: true,
  },
  // Cohort dashboards (issue 8): B's section and run from the fixture.
  "cohort.dashboard": {
    call: (c, f) => c.cohort.dashboard({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "cohort.saveSettings": {
    call: (c, f) => c.cohort.saveSettings({ projectId: f.projectB, referenceGroup: "X", k: 3 }),
    isWrite: true,
    isProjectScoped: true,
  },
  "cohort.setAnalysisRun": {
    call: (c, f) =>
      c.cohort.setAnalysisRun({
        projectId: f.projectB,
        sectionId: f.sectionB,
        runId: f.segmentationRunB,
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  // Surveys (issue 7)
  "survey.list": {
    call: (c, f) => c.survey.list({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "survey.formOptions": {
    call: (c, f) => c.survey.formOptions({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "survey.get": {
    call: (c, f) => c.survey.get({ projectId: f.projectB, surveyId: f.surveyB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "survey.create": {
    call: (c, f) =>
      c.survey.create({
        projectId: f.projectB,
        name: "Intruder survey",
        categories: ["Segmentation"],
        scale: ["bad", "good"],
        generate: {
          sectionIds: [f.sectionB],
          sizeUm: 10,
          regions: [{ label: "M. soleus", count: 1 }],
        },
        arms: [{ runIds: [f.segmentationRunB] }, { modelId: f.modelB }],
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "survey.update": {
    call: (c, f) =>
      c.survey.update({
        ...{
          projectId: f.projectB,
          name: "Intruder survey",
          categories: ["Segmentation"],
          scale: ["bad", "good"],
          generate: {
            sectionIds: [f.sectionB],
            sizeUm: 10,
            regions: [{ label: "M. soleus", count: 1 }],
          },
          arms: [{ runIds: [f.segmentationRunB] }, { modelId: f.modelB }],
        },
        surveyId: f.surveyB,
      }),
    isWrite: true,
    isProjectScoped: true,
  },
  "survey.delete": {
    call: (c, f) => c.survey.delete({ projectId: f.projectB, surveyId: f.surveyB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "survey.open": {
    call: (c, f) => c.survey.open({ projectId: f.projectB, surveyId: f.surveyB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "survey.close": {
    call: (c, f) => c.survey.close({ projectId: f.projectB, surveyId: f.surveyB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "survey.unblind": {
    call: (c, f) => c.survey.unblind({ projectId: f.projectB, surveyId: f.surveyB }),
    isWrite: true,
    isProjectScoped: true,
  },
  "survey.results": {
    call: (c, f) => c.survey.results({ projectId: f.projectB, surveyId: f.surveyB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "survey.mine": {
    call: (c, f) => c.survey.mine({ projectId: f.projectB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "survey.rate": {
    call: (c, f) => c.survey.rate({ projectId: f.projectB, surveyId: f.surveyB }),
    isWrite: false,
    isProjectScoped: true,
  },
  "survey.grade": {
    call: (c, f) =>
      c.survey.grade({
        projectId: f.projectB,
        surveyId: f.surveyB,
        itemId: f.surveyItemB,
        letter: "A",
        category: "Segmentation",
        grade: 1,
      }),
    isWrite: true,
    isProjectScoped: true,
  },
};

/** The same entity ids of B, but smuggled in under project A where A's owner has every right. */
const CALLS_WITH_B_IDS_UNDER_A: Record<string, CallFn> = {
  // Annotations (issue 6)
  "annotation.list": (c, f) => c.annotation.list({ projectId: f.projectA, sectionId: f.sectionB }),
  "annotation.changes": (c, f) =>
    c.annotation.changes({ projectId: f.projectA, sectionId: f.sectionB, since: new Date(0) }),
  "annotation.authors": (c, f) =>
    c.annotation.authors({ projectId: f.projectA, sectionId: f.sectionB }),
  "annotation.exportGeoJson": (c, f) =>
    c.annotation.exportGeoJson({ projectId: f.projectA, sectionId: f.sectionB }),
  "annotation.create": (c, f) =>
    c.annotation.create({
      projectId: f.projectA,
      sectionId: f.sectionB,
      kind: "roi",
      geometry: ANNOTATION_SQUARE,
    }),
  "annotation.update": (c, f) =>
    c.annotation.update({
      projectId: f.projectA,
      annotationId: f.annotationB,
      version: 1,
      label: "x",
    }),
  "annotation.delete": (c, f) =>
    c.annotation.delete({ projectId: f.projectA, annotationId: f.annotationB, version: 1 }),
  "annotation.restore": (c, f) =>
    c.annotation.restore({ projectId: f.projectA, annotationId: f.annotationB, version: 1 }),
  "annotation.importImageJRois": (c, f) =>
    c.annotation.importImageJRois({
      projectId: f.projectA,
      sectionId: f.sectionB,
      fileName: "square.roi",
      base64: RECTANGLE_ROI_BASE64,
      kind: "fiber",
    }),
  "annotation.importGeoJson": (c, f) =>
    c.annotation.importGeoJson({
      projectId: f.projectA,
      sectionId: f.sectionB,
      text: JSON.stringify({ type: "FeatureCollection", features: [] }),
    }),
  "annotation.acceptFibers": (c, f) =>
    c.annotation.acceptFibers({ projectId: f.projectA, runId: f.segmentationRunB }),
  "annotation.mergeFibers": (c, f) =>
    c.annotation.mergeFibers({ projectId: f.projectA, annotationIds: f.fiberAnnotationsB }),
  "annotation.splitFiber": (c, f) =>
    c.annotation.splitFiber({
      projectId: f.projectA,
      annotationId: f.fiberAnnotationsB[0],
      version: 1,
      line: [
        [0, 5],
        [20, 5],
      ],
    }),
  "subject.get": (c, f) => c.subject.get({ projectId: f.projectA, subjectId: f.subjectB }),
  "subject.update": (c, f) =>
    c.subject.update({ projectId: f.projectA, subjectId: f.subjectB, identifier: "stolen" }),
  "subject.delete": (c, f) => c.subject.delete({ projectId: f.projectA, subjectId: f.subjectB }),
  "section.list": (c, f) => c.section.list({ projectId: f.projectA, subjectId: f.subjectB }),
  "section.get": (c, f) => c.section.get({ projectId: f.projectA, sectionId: f.sectionB }),
  "section.update": (c, f) =>
    c.section.update({ projectId: f.projectA, sectionId: f.sectionB, name: "stolen" }),
  "section.delete": (c, f) => c.section.delete({ projectId: f.projectA, sectionId: f.sectionB }),
  "section.extract": (c, f) =>
    c.section.extract({ projectId: f.projectA, sectionId: f.sectionB, pixelSizeUm: 1 }),
  "job.get": (c, f) => c.job.get({ projectId: f.projectA, jobId: f.jobB }),
  "job.cancel": (c, f) => c.job.cancel({ projectId: f.projectA, jobId: f.jobB }),
  "job.retry": (c, f) => c.job.retry({ projectId: f.projectA, jobId: f.jobB }),
  "member.changeRole": (c, f) =>
    c.member.changeRole({ projectId: f.projectA, memberId: f.memberB, role: "viewer" }),
  "member.remove": (c, f) => c.member.remove({ projectId: f.projectA, memberId: f.memberB }),
  "member.revokeInvite": (c, f) =>
    c.member.revokeInvite({ projectId: f.projectA, inviteId: f.inviteB }),
  "synthesis.get": (c, f) => c.synthesis.get({ projectId: f.projectA, runId: f.synthesisRunB }),
  "synthesis.images": (c, f) =>
    c.synthesis.images({ projectId: f.projectA, runId: f.synthesisRunB }),
  "synthesis.compare": (c, f) =>
    c.synthesis.compare({
      projectId: f.projectA,
      runIds: [f.synthesisRunB],
      includeSections: true,
      seed: 1,
    }),
  "synthesis.delete": (c, f) =>
    c.synthesis.delete({ projectId: f.projectA, runId: f.synthesisRunB }),
  "synthesis.exports": (c, f) =>
    c.synthesis.exports({ projectId: f.projectA, runId: f.synthesisRunB }),
  "synthesis.createExport": (c, f) =>
    c.synthesis.createExport({ projectId: f.projectA, runId: f.synthesisRunB }),
  "segmentation.setDefaultModel": (c, f) =>
    c.segmentation.setDefaultModel({ projectId: f.projectA, modelId: f.modelB }),
  "segmentation.deleteModel": (c, f) =>
    c.segmentation.deleteModel({ projectId: f.projectA, modelId: f.modelB }),
  "segmentation.runs": (c, f) =>
    c.segmentation.runs({ projectId: f.projectA, sectionId: f.sectionB }),
  "segmentation.get": (c, f) =>
    c.segmentation.get({ projectId: f.projectA, runId: f.segmentationRunB }),
  "segmentation.fibers": (c, f) =>
    c.segmentation.fibers({ projectId: f.projectA, runId: f.segmentationRunB }),
  "segmentation.diameters": (c, f) =>
    c.segmentation.diameters({ projectId: f.projectA, runId: f.segmentationRunB }),
  // A's own model on B's section: the section must not be found.
  "segmentation.create": (c, f) =>
    c.segmentation.create({ projectId: f.projectA, sectionIds: [f.sectionB], modelId: f.modelA }),
  "segmentation.deleteRun": (c, f) =>
    c.segmentation.deleteRun({ projectId: f.projectA, runId: f.segmentationRunB }),
  "segmentation.evaluate": (c, f) =>
    c.segmentation.evaluate({ projectId: f.projectA, runId: f.segmentationRunB }),
  "segmentation.refreshRegions": (c, f) =>
    c.segmentation.refreshRegions({ projectId: f.projectA, sectionId: f.sectionB }),
  // Section viewer (issue 6): B's run under A's id must not be found.
  "segmentation.fiberAt": (c, f) =>
    c.segmentation.fiberAt({ projectId: f.projectA, runId: f.segmentationRunB, x: 1, y: 1 }),
  // Cohort (issue 8): B's section and run under A's id must not be found.
  "cohort.setAnalysisRun": (c, f) =>
    c.cohort.setAnalysisRun({
      projectId: f.projectA,
      sectionId: f.sectionB,
      runId: f.segmentationRunB,
    }),
  // Surveys (issue 7): B's survey, ROI and section under A's id must not be found.
  "survey.get": (c, f) => c.survey.get({ projectId: f.projectA, surveyId: f.surveyB }),
  "survey.create": (c, f) =>
    c.survey.create({
      projectId: f.projectA,
      name: "Intruder survey",
      categories: ["Segmentation"],
      scale: ["bad", "good"],
      generate: {
        sectionIds: [f.sectionB],
        sizeUm: 10,
        regions: [{ label: "M. soleus", count: 1 }],
      },
      arms: [{ runIds: [f.segmentationRunB] }, { modelId: f.modelB }],
    }),
  "survey.update": (c, f) =>
    c.survey.update({
      ...{
        projectId: f.projectA,
        name: "Intruder survey",
        categories: ["Segmentation"],
        scale: ["bad", "good"],
        generate: {
          sectionIds: [f.sectionB],
          sizeUm: 10,
          regions: [{ label: "M. soleus", count: 1 }],
        },
        arms: [{ runIds: [f.segmentationRunB] }, { modelId: f.modelB }],
      },
      surveyId: f.surveyB,
    }),
  "survey.delete": (c, f) => c.survey.delete({ projectId: f.projectA, surveyId: f.surveyB }),
  "survey.open": (c, f) => c.survey.open({ projectId: f.projectA, surveyId: f.surveyB }),
  "survey.close": (c, f) => c.survey.close({ projectId: f.projectA, surveyId: f.surveyB }),
  "survey.unblind": (c, f) => c.survey.unblind({ projectId: f.projectA, surveyId: f.surveyB }),
  "survey.results": (c, f) => c.survey.results({ projectId: f.projectA, surveyId: f.surveyB }),
  "survey.rate": (c, f) => c.survey.rate({ projectId: f.projectA, surveyId: f.surveyB }),
  "survey.grade": (c, f) =>
    c.survey.grade({
      projectId: f.projectA,
      surveyId: f.surveyB,
      itemId: f.surveyItemB,
      letter: "A",
      category: "Segmentation",
      grade: 1,
    }),
};

async function expectTrpcError(
  promise: Promise<unknown>,
  code: TRPCError["code"],
): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

/** Everything of project B that a procedure could read or change. */
async function snapshotProjectB(f: Fixture): Promise<unknown> {
  const db = getTestDb();
  const [
    project,
    members,
    invites,
    subjects,
    sections,
    jobs,
    orgMembers,
    synthesisRuns,
    synthesisImages,
    segmentationModels,
    segmentationRuns,
    fibersOfB,
  ] = await Promise.all([
    db.project.findUnique({
      where: { id: f.projectB },
      select: { name: true, description: true, updatedAt: true, defaultModelId: true },
    }),
    db.projectMember.findMany({
      where: { projectId: f.projectB },
      select: { id: true, userId: true, role: true },
      orderBy: { id: "asc" },
    }),
    db.projectInvite.findMany({
      where: { projectId: f.projectB },
      select: { id: true, acceptedAt: true, revokedAt: true },
      orderBy: { id: "asc" },
    }),
    db.subject.findMany({
      where: { projectId: f.projectB },
      select: { id: true, identifier: true, updatedAt: true },
      orderBy: { id: "asc" },
    }),
    db.section.findMany({
      where: { projectId: f.projectB },
      select: { id: true, name: true, pixelSizeUm: true, updatedAt: true },
      orderBy: { id: "asc" },
    }),
    db.job.findMany({
      where: { projectId: f.projectB },
      select: { id: true, status: true, updatedAt: true },
      orderBy: { id: "asc" },
    }),
    db.organizationMember.findMany({
      where: { organizationId: f.orgB },
      select: { userId: true, role: true },
      orderBy: { userId: "asc" },
    }),
    db.synthesisRun.findMany({
      where: { projectId: f.projectB },
      select: { id: true, name: true, status: true, stats: true, finishedAt: true },
      orderBy: { id: "asc" },
    }),
    db.synthesisImage.findMany({
      where: { projectId: f.projectB },
      select: { id: true, runId: true, imageKey: true },
      orderBy: { id: "asc" },
    }),
    db.segmentationModel.findMany({
      where: { projectId: f.projectB },
      select: { id: true, name: true, storageKey: true },
      orderBy: { id: "asc" },
    }),
    db.segmentationRun.findMany({
      where: { projectId: f.projectB },
      select: { id: true, status: true, fiberCount: true, modelId: true, finishedAt: true },
      orderBy: { id: "asc" },
    }),
    db.fiber.count({ where: { projectId: f.projectB } }),
  ]);
  const projectsOfOrgB = await db.project.count({ where: { organizationId: f.orgB } });
  // Surveys (issue 7)
  const surveysOfB = await db.survey.findMany({
    where: { projectId: f.projectB },
    select: {
      id: true,
      name: true,
      status: true,
      unblindedAt: true,
      updatedAt: true,
      _count: { select: { items: true, arms: true, raters: true, grades: true, events: true } },
    },
    orderBy: { id: "asc" },
  });
  // Annotations (issue 6)
  const annotationsOfB = await db.annotation.findMany({
    where: { projectId: f.projectB },
    select: { id: true, version: true, label: true, geometry: true, deletedAt: true },
    orderBy: { id: "asc" },
  });
  const synthesisFilesOfB = await Promise.all(
    synthesisImages.map((image) => deps.storage.exists(image.imageKey)),
  );
  const modelFilesOfB = await Promise.all(
    segmentationModels.map((model) => deps.storage.exists(model.storageKey)),
  );
  return {
    project,
    members,
    invites,
    subjects,
    sections,
    jobs,
    orgMembers,
    synthesisRuns,
    synthesisImages,
    synthesisFilesOfB,
    segmentationModels,
    segmentationRuns,
    fibersOfB,
    modelFilesOfB,
    projectsOfOrgB,
    surveysOfB,
    annotationsOfB,
  };
}

let f: Fixture;
/** Shared by every caller, so B's stored synthetic image is visible to all of them. */
const deps = createTestDeps();

beforeAll(async () => {
  const db = getTestDb();
  const ownerA = await createTestUser(db);
  const ownerB = await createTestUser(db);
  const viewerB = await createTestUser(db);
  const colleagueB = await createTestUser(db);
  const projectA = await createTestProject(db, { ownerId: ownerA.id });
  const projectB = await createTestProject(db, { ownerId: ownerB.id });
  await addTestMember(db, { projectId: projectB.id, userId: viewerB.id, role: "viewer" });
  const member = await addTestMember(db, {
    projectId: projectB.id,
    userId: colleagueB.id,
    role: "editor",
  });
  const subject = await createTestSubject(db, projectB.id);
  const section = await db.section.create({
    data: {
      projectId: projectB.id,
      subjectId: subject.id,
      name: "B section",
      storageKey: `projects/${projectB.id}/sections/x/original.png`,
      originalFilename: "b.png",
      mimeType: "image/png",
      byteSize: 10n,
      sha256: "0".repeat(64),
      pixelSizeUm: 0.65,
      uploadedById: ownerB.id,
      status: "failed",
    },
    select: { id: true },
  });
  const job = await db.job.create({
    data: {
      id: crypto.randomUUID(),
      projectId: projectB.id,
      type: "section.thumbnail",
      status: "failed",
      payload: { sectionId: section.id },
      maxAttempts: 4,
    },
    select: { id: true },
  });
  // B's owner invites someone, creating an open invite that A's owner must not touch.
  const ownerBCaller = createTestCaller(ownerB.id, deps);
  const { invite } = await ownerBCaller.member.invite({
    projectId: projectB.id,
    email: "reviewer@elsewhere.test",
    role: "rater",
  });
  // A finished synthesis run of B with one stored image.
  const synthesisRun = await db.synthesisRun.create({
    data: {
      projectId: projectB.id,
      name: "B synthetic",
      preset: "he-ffpe",
      ranges: {},
      count: 1,
      size: 256,
      seed: 5,
      generatorVersion: "0.1.0+0000000000000000",
      status: "succeeded",
      stats: { imageCount: 1, fiberCount: 0 },
      createdById: ownerB.id,
      finishedAt: new Date(),
    },
    select: { id: true },
  });
  const imageKey = (kind: "image" | "labels" | "classes" | "thumbnail") =>
    getSynthesisImageKey(projectB.id, synthesisRun.id, "synth-he-ffpe-5-0000", kind);
  const png = await sharp(await readRealImage(STRANGE_2014_JPEG))
    .resize(256, 256, { fit: "cover" })
    .png()
    .toBuffer();
  await deps.storage.put(imageKey("image"), png);
  await db.synthesisImage.create({
    data: {
      runId: synthesisRun.id,
      projectId: projectB.id,
      index: 0,
      name: "synth-he-ffpe-5-0000",
      seed: 123n,
      mpp: 0.8,
      fiberCount: 0,
      params: {},
      stats: {},
      imageKey: imageKey("image"),
      labelsKey: imageKey("labels"),
      classesKey: imageKey("classes"),
      thumbnailKey: imageKey("thumbnail"),
    },
    select: { id: true },
  });
  // B's own uploaded model (its file stored, and B's default), a finished run made
  // with it on B's section, with two fibers; and a model of A's for the create check.
  const modelInput = {
    version: "1",
    byteSize: 4,
    mpp: 0.5548,
    tileSize: 256,
    tileOverlap: 32,
    classes: ["background", "fiber", "boundary"],
    metadata: {},
    isBuiltin: false,
  };
  const modelBId = crypto.randomUUID();
  const modelB = await insertSegmentationModel(db, {
    ...modelInput,
    projectId: projectB.id,
    name: "B model",
    storageKey: getProjectModelKey(projectB.id, modelBId),
    sha256: "b".repeat(64),
    createdById: ownerB.id,
  });
  await deps.storage.put(getProjectModelKey(projectB.id, modelBId), Buffer.from("onnx"));
  await db.project.update({ where: { id: projectB.id }, data: { defaultModelId: modelB.id } });
  const modelA = await insertSegmentationModel(db, {
    ...modelInput,
    projectId: projectA.id,
    name: "A model",
    storageKey: getProjectModelKey(projectA.id, crypto.randomUUID()),
    sha256: "a".repeat(64),
    createdById: ownerA.id,
  });
  const segmentationRun = await db.segmentationRun.create({
    data: {
      projectId: projectB.id,
      sectionId: section.id,
      modelId: modelB.id,
      params: {},
      paramsVersion: "2",
      status: "succeeded",
      fiberCount: 2,
      summary: { counts: { fibers: 2 } },
      createdById: ownerB.id,
      finishedAt: new Date(),
    },
    select: { id: true },
  });
  const bFiber = (label: number) => ({
    label,
    areaUm2: 1000,
    perimeterUm: 120,
    circularity: 0.8,
    feretUm: 40,
    minFeretUm: 30 + label,
    feretAngle: 0,
    aspectRatio: 1.2,
    roundness: 0.8,
    solidity: 0.95,
    equivalentDiameterUm: 35,
    centroidX: 10,
    centroidY: 10,
    bboxX: 0,
    bboxY: 0,
    bboxWidth: 40,
    bboxHeight: 40,
    meanOdH: null,
    meanOdE: null,
    touchesEdge: false,
    inMuscleMask: true,
    passesShapeFilter: true,
    inExclusion: false,
    regionName: null,
    contour: null,
  });
  await withTransaction(db, (tx) =>
    insertFibers(tx, {
      runId: segmentationRun.id,
      projectId: projectB.id,
      sectionId: section.id,
      fibers: [bFiber(1), bFiber(2)],
    }),
  );
  // Viewer (issue 6): B's section gets a size and B's run a 4×4 label image with
  // fiber 1 at (1, 1), so segmentation.fiberAt has something to find for B's viewer.
  await db.section.update({ where: { id: section.id }, data: { width: 4, height: 4 } });
  await deps.storage.put(
    getSegmentationFileKey(
      { projectId: projectB.id, sectionId: section.id, id: segmentationRun.id },
      "labels",
    ),
    encodeGrayPng(Uint16Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2]), 4, 4),
  );
  // Annotations (issue 6): a ROI and two touching fibers on B's section.
  const annotationOfB = (kind: "roi" | "fiber", x0: number) =>
    db.annotation.create({
      data: {
        projectId: projectB.id,
        sectionId: section.id,
        kind,
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [x0, 0],
              [x0 + 10, 0],
              [x0 + 10, 10],
              [x0, 10],
              [x0, 0],
            ],
          ],
        },
        minX: x0,
        minY: 0,
        maxX: x0 + 10,
        maxY: 10,
        authorId: ownerB.id,
      },
      select: { id: true },
    });
  const annotationB = await annotationOfB("roi", 0);
  const fiberB1 = await annotationOfB("fiber", 0);
  const fiberB2 = await annotationOfB("fiber", 10);
  // Surveys (issue 7): an open survey of B with one ROI on B's section, compared on B's run.
  const surveyB = await db.survey.create({
    data: {
      projectId: projectB.id,
      name: "B survey",
      categories: ["Segmentation"],
      scale: ["bad", "good"],
      status: "open",
      seed: 7,
      createdById: ownerB.id,
    },
    select: { id: true },
  });
  const surveyArmB = await db.surveyArm.create({
    data: { surveyId: surveyB.id, name: "B model", position: 0 },
    select: { id: true },
  });
  const surveyItemB = await db.surveyItem.create({
    data: {
      surveyId: surveyB.id,
      sectionId: section.id,
      x: 0,
      y: 0,
      width: 10,
      height: 10,
      position: 0,
    },
    select: { id: true },
  });
  await db.surveyPanel.create({
    data: { itemId: surveyItemB.id, armId: surveyArmB.id, runId: segmentationRun.id, letter: "A" },
    select: { id: true },
  });
  f = {
    annotationB: annotationB.id,
    fiberAnnotationsB: [fiberB1.id, fiberB2.id],
    projectA: projectA.id,
    projectB: projectB.id,
    orgB: projectB.organization.id,
    subjectB: subject.id,
    sectionB: section.id,
    jobB: job.id,
    memberB: member.id,
    inviteB: invite.id,
    synthesisRunB: synthesisRun.id,
    modelA: modelA.id,
    modelB: modelB.id,
    segmentationRunB: segmentationRun.id,
    ownerA: ownerA.id,
    ownerB: ownerB.id,
    viewerB: viewerB.id,
    surveyB: surveyB.id,
    surveyItemB: surveyItemB.id,
  };
});

/** Reads that need more than the viewer role: FORBIDDEN for a viewer. */
const READS_ABOVE_VIEWER = new Set([
  "member.invites",
  // Surveys (issue 7): designers (editor) and raters only.
  "survey.list",
  "survey.formOptions",
  "survey.get",
  "survey.results",
  "survey.mine",
  "survey.rate",
]);

describe("app router authorization", () => {
  it("covers every procedure of the router in the table", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(CALLS_ON_B).sort()).toEqual(procedures);
  });

  it("rejects every procedure with UNAUTHORIZED when nobody is signed in", async () => {
    const anonymous = createTestCaller(null);
    for (const [name, { call }] of Object.entries(CALLS_ON_B)) {
      const error = await expectTrpcError(call(anonymous, f), "UNAUTHORIZED");
      expect(error.message, name).toBe("sign in first");
    }
  });

  it("rejects a session whose user no longer exists", async () => {
    const ghost = createTestCaller("user-that-was-deleted");
    await expectTrpcError(ghost.project.list(), "UNAUTHORIZED");
  });

  it("lets a member of project A neither read nor change anything of project B", async () => {
    const before = await snapshotProjectB(f);
    const outsider = createTestCaller(f.ownerA);
    for (const [name, { call, isProjectScoped }] of Object.entries(CALLS_ON_B)) {
      if (!isProjectScoped) continue;
      const error = await expectTrpcError(call(outsider, f), "NOT_FOUND");
      expect(error.message, name).toBe("project not found");
    }
    expect(await snapshotProjectB(f)).toEqual(before);
  });

  it("refuses B's entity ids passed under project A, where the caller is owner", async () => {
    const before = await snapshotProjectB(f);
    const ownerA = createTestCaller(f.ownerA);
    for (const [name, call] of Object.entries(CALLS_WITH_B_IDS_UNDER_A)) {
      const result = await call(ownerA, f).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if ("value" in result) {
        // Only a listing may answer, and then with nothing of B's.
        expect([
          "section.list",
          "synthesis.images",
          "synthesis.exports",
          "segmentation.runs",
        ]).toContain(name);
        expect(result.value).toEqual([]);
      } else {
        expect(result.error, name).toBeInstanceOf(TRPCError);
        expect((result.error as TRPCError).code, name).toBe("NOT_FOUND");
      }
    }
    expect(await snapshotProjectB(f)).toEqual(before);
  });

  it("keeps B out of A's lists and refuses B's organization and invites to A's owner", async () => {
    const before = await snapshotProjectB(f);
    const outsider = createTestCaller(f.ownerA);
    const projects = await outsider.project.list();
    expect(projects.map((p) => p.id)).not.toContain(f.projectB);
    expect((await outsider.user.organizations()).map((o) => o.id)).not.toContain(f.orgB);
    await expectTrpcError(
      CALLS_ON_B["project.create"]?.call(outsider, f) ?? Promise.resolve(),
      "NOT_FOUND",
    );
    await expectTrpcError(
      CALLS_ON_B["user.acceptInvite"]?.call(outsider, f) ?? Promise.resolve(),
      "NOT_FOUND",
    );
    expect(await snapshotProjectB(f)).toEqual(before);
  });

  it("finds B's synthetic image files only under project B (the file route's lookup)", async () => {
    const db = getTestDb();
    const image = await db.synthesisImage.findFirstOrThrow({
      where: { runId: f.synthesisRunB },
      select: { id: true, imageKey: true },
    });
    for (const kind of ["image", "labels", "classes", "thumbnail"] as const) {
      expect(
        await findSynthesisImageFileKey(db, { projectId: f.projectA, imageId: image.id, kind }),
      ).toBeNull();
    }
    expect(
      await findSynthesisImageFileKey(db, {
        projectId: f.projectB,
        imageId: image.id,
        kind: "image",
      }),
    ).toBe(image.imageKey);
  });

  it("refuses B's model in a run created under project A", async () => {
    const before = await snapshotProjectB(f);
    const ownerA = createTestCaller(f.ownerA, deps);
    await expectTrpcError(
      ownerA.segmentation.create({
        projectId: f.projectA,
        sectionIds: [f.sectionB],
        modelId: f.modelB,
      }),
      "NOT_FOUND",
    );
    expect(await snapshotProjectB(f)).toEqual(before);
  });

  it("finds B's segmentation run and fibers only under project B (the file and CSV routes' lookups)", async () => {
    const db = getTestDb();
    const page = { runId: f.segmentationRunB, afterLabel: 0, limit: 10 };
    expect(
      await findSegmentationRun(db, { projectId: f.projectA, runId: f.segmentationRunB }),
    ).toBeNull();
    expect(await listFiberPage(db, { ...page, projectId: f.projectA })).toEqual([]);
    expect(
      await findSegmentationRun(db, { projectId: f.projectB, runId: f.segmentationRunB }),
    ).toMatchObject({ id: f.segmentationRunB, status: "succeeded" });
    expect(await listFiberPage(db, { ...page, projectId: f.projectB })).toHaveLength(2);
  });

  it("gives a viewer of B read access but a clear FORBIDDEN on every write", async () => {
    const before = await snapshotProjectB(f);
    const viewer = createTestCaller(f.viewerB, deps);
    for (const [name, { call, isWrite, isProjectScoped }] of Object.entries(CALLS_ON_B)) {
      if (!isProjectScoped) continue;
      if (isWrite) {
        const error = await expectTrpcError(call(viewer, f), "FORBIDDEN");
        expect(error.message, name).toMatch(
          /needs the (annotator|editor|owner|rater) role or higher; you are viewer/,
        );
      } else if (!READS_ABOVE_VIEWER.has(name)) {
        await expect(call(viewer, f), name).resolves.toBeDefined();
      } else {
        await expectTrpcError(call(viewer, f), "FORBIDDEN");
      }
    }
    expect(await snapshotProjectB(f)).toEqual(before);
  });
});
