"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame";

/** Most common commands as horizontal bars; exact counts on hover (the table beside it has them for screen readers). */
export function CommandChart({ data }: { data: { command: string; count: number }[] }) {
  const height = Math.max(160, data.length * 30 + 40);
  return (
    <ChartFrame style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 560, height }}>
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} strokeOpacity={0.15} />
          <XAxis type="number" allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" strokeOpacity={0.4} />
          <YAxis type="category" dataKey="command" width={110} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" strokeOpacity={0.4} />
          <Tooltip cursor={{ fillOpacity: 0.08 }} contentStyle={{ borderRadius: 8, fontSize: 13, color: "#0f172a" }} formatter={(value) => [Number(value).toLocaleString("en"), "Messages"]} />
          <Bar dataKey="count" name="Messages" fill="#059669" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
