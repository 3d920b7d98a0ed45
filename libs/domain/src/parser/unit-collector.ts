/**
 * Collects units with their roles and sections, one entry per canonical unit: naming a unit
 * twice merges the entries (a lead anywhere stays a lead, sections add up). Lists leads first.
 */
import type { PreviewUnit, UnitRef, UnitRole } from './preview.types';

export class UnitCollector {
  private readonly byUnit = new Map<string, PreviewUnit>();
  private last: PreviewUnit | null = null;

  add(ref: UnitRef, role: UnitRole, sections: readonly string[] = []): void {
    let entry = this.byUnit.get(ref.unit);
    if (entry === undefined) {
      entry = { name: ref.name, unit: ref.unit, role, sections: [] };
      if (ref.collective) entry.collective = true;
      this.byUnit.set(ref.unit, entry);
    } else if (role === 'lead') {
      entry.role = 'lead';
    }
    this.last = entry;
    this.addSections(sections);
  }

  addAll(units: readonly PreviewUnit[]): void {
    for (const unit of units) this.add(unit, unit.role, unit.sections);
  }

  /** sections (责任科室) of the unit named last */
  addSections(sections: readonly string[]): void {
    if (!this.last) return;
    for (const section of sections) {
      if (section.length > 0 && !this.last.sections.includes(section)) this.last.sections.push(section);
    }
  }

  get hasUnit(): boolean {
    return this.last !== null;
  }

  get hasLead(): boolean {
    return [...this.byUnit.values()].some((unit) => unit.role === 'lead');
  }

  list(): PreviewUnit[] {
    const units = [...this.byUnit.values()];
    return [...units.filter((unit) => unit.role === 'lead'), ...units.filter((unit) => unit.role === 'co')];
  }
}
