"use client";
import { yaml } from "@codemirror/lang-yaml";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { basicSetup } from "codemirror";
import { type RefObject, useEffect, useRef } from "react";

/** What the page may ask of the editor: move the cursor to a finding's line. */
export interface YamlEditorHandle {
  goTo(line: number, column: number): void;
}

/** A problem in the editor's text, shown as a marker on its line. */
export interface EditorMark {
  line: number;
  column: number;
  severity: "error" | "warning" | "info";
  message: string;
}

/** Light tones on the fixed dark ground (as the diff view), each above 4.5:1. */
const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "#9ccfff" },
  { tag: [tags.string, tags.special(tags.string), tags.content], color: "#f0dc9a" },
  { tag: [tags.number, tags.bool, tags.null, tags.keyword], color: "#ffc2f0" },
  { tag: [tags.comment, tags.lineComment], color: "#b5bac1", fontStyle: "italic" },
  { tag: [tags.labelName, tags.typeName, tags.meta], color: "#ffcf99" },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: "#d8dee9" },
]);

const theme = EditorView.theme(
  {
    "&": { backgroundColor: "#0b0d10", color: "#d8dee9", borderRadius: "8px", fontSize: "13px" },
    "&.cm-focused": { outline: "2px solid #8ea1ff", outlineOffset: "2px" },
    ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", lineHeight: "1.5" },
    ".cm-content": { caretColor: "#ffffff", minHeight: "240px" },
    ".cm-cursor": { borderLeftColor: "#ffffff" },
    ".cm-gutters": { backgroundColor: "#0b0d10", color: "#b5bac1", border: "none" },
    ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "#1b2030" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
      backgroundColor: "#33406a",
    },
    ".cm-tooltip": { backgroundColor: "#1b2030", color: "#d8dee9", border: "1px solid #3a4256" },
  },
  { dark: true },
);

/**
 * CodeMirror 6 with YAML: line numbers, folding, search, bracket matching,
 * the API's findings as line markers. CodeMirror adds its own styles at run
 * time, so they carry this response's CSP nonce. Loaded on demand (the page
 * imports it dynamically), so other pages never download it.
 */
export default function YamlEditor({
  value,
  onChange,
  label,
  nonce,
  marks,
  editorRef,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  nonce: string | undefined;
  marks: EditorMark[];
  editorRef: RefObject<YamlEditorHandle | null>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  // Built once: the text then flows out through onChange and in through the effect below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: value, label and nonce are the first render's
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          syntaxHighlighting(highlight),
          lintGutter(),
          theme,
          EditorState.tabSize.of(2),
          ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
          EditorView.contentAttributes.of({
            "aria-label": label,
            // Focusable already, but axe counts only a tabindex inside a scrolling region.
            tabindex: "0",
            autocapitalize: "off",
            autocorrect: "off",
            spellcheck: "false",
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    editorRef.current = {
      goTo(line, column) {
        const doc = editor.state.doc;
        const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
        const pos = Math.min(at.from + Math.max(column - 1, 0), at.to);
        editor.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
        editor.focus();
      },
    };
    return () => {
      editorRef.current = null;
      view.current = null;
      editor.destroy();
    };
  }, []);

  // A new text from outside (a cleared editor, a sample): replace the document.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    const diagnostics: Diagnostic[] = marks
      .filter((m) => m.line >= 1 && m.line <= doc.lines)
      .map((m) => {
        const line = doc.line(m.line);
        const from = Math.min(line.from + Math.max(m.column - 1, 0), line.to);
        return { from, to: line.to, severity: m.severity, message: m.message };
      });
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [marks]);

  return <div ref={host} className="cc-yaml-editor" data-testid="yaml-editor" />;
}
