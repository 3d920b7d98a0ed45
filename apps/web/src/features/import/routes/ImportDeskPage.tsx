export function ImportDeskPage() {
  return null;
}
