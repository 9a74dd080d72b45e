"use client";

import { useEffect, useRef, type CSSProperties, type ReactNode } from "react";

/**
 * Recharts 3.11 draws each z-index layer into its own `<g class="recharts-zIndex-layer_N">` through a
 * React portal, and React attaches its focusin/focusout listeners to every portal container. Chromium
 * makes any SVG element with a focus event listener focusable and, having no tabindex, a Tab stop.
 * `tabindex="-1"` takes those layers out of the Tab order; React never sets a tabindex on them, so it
 * stays through re-renders, and the observer covers layers drawn later.
 */
const UNTABBED_LAYERS = 'g[class*="recharts-zIndex-layer_"]:not([tabindex])';

function untabLayers(frame: HTMLElement) {
  for (const layer of frame.querySelectorAll(UNTABBED_LAYERS)) layer.setAttribute("tabindex", "-1");
}

/**
 * The box a chart is drawn in: hidden from assistive technology (the page gives the same numbers in
 * text) and holding no Tab stop, while the mouse keeps its tooltips. Charts inside should set
 * `accessibilityLayer={false}`, or their surface is a Tab stop of its own.
 */
export function ChartFrame({ className, style, children }: { className?: string; style?: CSSProperties; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    untabLayers(frame);
    const observer = new MutationObserver(() => untabLayers(frame));
    observer.observe(frame, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className={className} style={style} aria-hidden="true">
      {children}
    </div>
  );
}
