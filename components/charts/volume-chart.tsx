"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame";

function label(start: number, bucket: "hour" | "day" | "week"): string {
  const date = new Date(start);
  if (bucket === "hour") return `${String(date.getUTCHours()).padStart(2, "0")}:00`;
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Received vs sent per bucket; a fixed height so nothing shifts when it draws. */
export function VolumeChart({ data, bucket }: { data: { start: number; received: number; sent: number }[]; bucket: "hour" | "day" | "week" }) {
  const points = data.map((point) => ({ ...point, label: label(point.start, bucket) }));
  return (
    <ChartFrame className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 720, height: 288 }}>
        <AreaChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeOpacity={0.15} />
          <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" strokeOpacity={0.4} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" strokeOpacity={0.4} width={48} />
          <Tooltip contentStyle={{ borderRadius: 8, fontSize: 13, color: "#0f172a" }} labelFormatter={(_, payload) => (payload?.[0] ? new Date((payload[0].payload as { start: number }).start).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "")} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Area type="monotone" dataKey="received" name="Received" stroke="#0284c7" fill="#0284c7" fillOpacity={0.15} isAnimationActive={false} />
          <Area type="monotone" dataKey="sent" name="Sent" stroke="#059669" fill="#059669" fillOpacity={0.15} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
