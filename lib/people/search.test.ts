import { describe, expect, it } from "vitest";
import { decodePeopleCursor, departmentChoices, encodePeopleCursor, needsCleanUrl, NO_DEPARTMENT, parsePeopleSearch, peopleExportHref, peopleExportLabel, peopleListHref, peopleQuery, personHref, toPeopleFilter } from "./search";

describe("people search parameters", () => {
  it("round-trips a cursor whatever the name holds", () => {
    // U+FFFD: a name garbled by an import from before CSVs were decoded on the server still pages on.
    for (const name of ["Priya Nair", "D'Souza & Sons", "अमित शर्मा", "a/b?c=d#e", "", "Jos\uFFFD Álvarez", "Long ".repeat(400)]) {
      expect(decodePeopleCursor(encodePeopleCursor({ name, id: 42 }))).toEqual({ name, id: 42 });
    }
  });

  it("ignores a cursor it cannot read, so the list starts at its first page", () => {
    for (const bad of ["", "42", "abc.def", "0.QQ", "-1.QQ", "1.Q Q", `1.${"A".repeat(22_001)}`, `1.${Buffer.from([0x4a, 0xe9]).toString("base64url")}`, "99999999999999999.QQ", "1.__8"]) {
      expect(decodePeopleCursor(bad), bad).toBeUndefined();
      const params = { after: bad, q: "asha" };
      const search = parsePeopleSearch(params);
      expect(search).toEqual({ q: "asha", department: undefined, after: undefined, before: undefined });
      expect(needsCleanUrl(params, search)).toBe(true);
    }
  });

  it("trims the search, drops empty fields and reads the first of repeated ones", () => {
    const params = { q: "  asha  ", department: "", before: [encodePeopleCursor({ name: "B", id: 2 }), "x"], other: "1" };
    const search = parsePeopleSearch(params);
    expect(search).toEqual({ q: "asha", department: undefined, after: undefined, before: { name: "B", id: 2 } });
    expect(needsCleanUrl(params, search)).toBe(true);
    expect(peopleQuery(search, { before: search.before })).toBe(`?q=asha&before=${encodePeopleCursor({ name: "B", id: 2 })}`);
    expect(needsCleanUrl({ q: "asha" }, parsePeopleSearch({ q: "asha" }))).toBe(false);
    // A search past 200 characters is cut, not dropped, and the URL then says what was searched.
    const long = { q: `asha ${"x".repeat(250)}` };
    expect(parsePeopleSearch(long).q).toBe(long.q.slice(0, 200));
    expect(needsCleanUrl(long, parsePeopleSearch(long))).toBe(true);
  });

  it("goes forward when a hand-made URL asks for both directions", () => {
    const after = encodePeopleCursor({ name: "A", id: 1 });
    const before = encodePeopleCursor({ name: "Z", id: 9 });
    expect(parsePeopleSearch({ after, before })).toMatchObject({ after: { name: "A", id: 1 }, before: undefined });
  });

  it("keeps the filters in every paging link, and a page link carries one cursor", () => {
    const search = parsePeopleSearch({ q: "asha 98", department: "Risk & Audit" });
    expect(peopleQuery(search)).toBe("?q=asha+98&department=Risk+%26+Audit");
    expect(peopleQuery(search, { after: { name: "Asha", id: 7 } })).toBe(`?q=asha+98&department=Risk+%26+Audit&after=${encodePeopleCursor({ name: "Asha", id: 7 })}`);
    expect(peopleQuery(parsePeopleSearch({}))).toBe("");
  });

  it("offers the department in the URL even when nobody is in it now, in reading order", () => {
    expect(departmentChoices(["Ops", "Risk"], "Closed")).toEqual(["Closed", "Ops", "Risk"]);
    expect(departmentChoices(["risk", "Ops"], "Ops")).toEqual(["Ops", "risk"]);
    expect(departmentChoices([], undefined)).toEqual([]);
  });

  it("exports what the list shows: its search and department, every page (no cursor), and says which", () => {
    const filtered = parsePeopleSearch({ q: "asha", department: "Risk & Audit", after: encodePeopleCursor({ name: "Asha", id: 7 }) });
    expect(peopleExportHref(filtered)).toBe("/people/export?q=asha&department=Risk+%26+Audit");
    expect(peopleExportLabel(filtered, 1234)).toBe("Export 1,234 matching");
    const everyone = parsePeopleSearch({ before: encodePeopleCursor({ name: "Asha", id: 7 }) });
    expect(peopleExportHref(everyone)).toBe("/people/export");
    expect(peopleExportLabel(everyone, 1234)).toBe("Export all");
  });

  it("takes a person's page back to the list as it was: the filters and the page, read again through the same checks", () => {
    const cursor = encodePeopleCursor({ name: "Pager 50", id: 77 });
    const list = parsePeopleSearch({ q: "pager", department: "Paging Desk", after: cursor });
    const href = personHref(12, list);
    expect(href).toBe(`/people/12?q=pager&department=Paging+Desk&after=${cursor}`);
    // The person's page reads its own query as the list would, and links back to that page of the list.
    const onPersonPage = parsePeopleSearch(Object.fromEntries(new URL(href, "http://switchboard.test").searchParams));
    expect(peopleListHref(onPersonPage)).toBe(`/people?q=pager&department=Paging+Desk&after=${cursor}`);
    expect(peopleListHref(parsePeopleSearch({ before: cursor }))).toBe(`/people?before=${cursor}`);
    // Arrived from elsewhere (an inbox thread, a typed URL): the list's first page.
    expect(peopleListHref(parsePeopleSearch({}))).toBe("/people");
  });

  it("never sends “← People” off the site, whatever the person's URL holds", () => {
    const hostile = [
      { q: "//evil.example/x", department: "https://evil.example" },
      { back: "https://evil.example", next: "//evil.example", after: "https://evil.example", before: "javascript:alert(1)" },
      { q: "\\evil.example", department: "/\\evil.example", after: "1.Ly9ldmlsLmV4YW1wbGU" },
      { q: ["//evil.example", "x"], department: "%2F%2Fevil.example" },
    ];
    for (const params of hostile) {
      const href = peopleListHref(parsePeopleSearch(params));
      expect(href, JSON.stringify(params)).toMatch(/^\/people(\?|$)/);
      const resolved = new URL(href, "http://switchboard.test");
      expect(resolved.origin).toBe("http://switchboard.test");
      expect(resolved.pathname).toBe("/people");
    }
  });

  it("filters to people with no department, a choice of its own that survives the URL and paging", () => {
    const params = { department: NO_DEPARTMENT };
    const search = parsePeopleSearch(params);
    expect(needsCleanUrl(params, search)).toBe(false);
    expect(toPeopleFilter(search)).toMatchObject({ department: "" });
    expect(peopleQuery(search, { after: { name: "Asha", id: 3 } })).toBe(`?department=%28none%29&after=${encodePeopleCursor({ name: "Asha", id: 3 })}`);
    expect(peopleExportHref(search)).toBe("/people/export?department=%28none%29");
    // "All departments" is still no filter at all, and a real department is still itself.
    expect(toPeopleFilter(parsePeopleSearch({ department: "" })).department).toBeUndefined();
    expect(toPeopleFilter(parsePeopleSearch({ department: "Risk" })).department).toBe("Risk");
    // Listed once, as "No department", never again among the departments by name.
    expect(departmentChoices(["Ops", NO_DEPARTMENT], NO_DEPARTMENT)).toEqual(["Ops"]);
  });
});
