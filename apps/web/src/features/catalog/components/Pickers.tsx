import { Select } from 'antd';
import { useEffect, useState } from 'react';
import {
  PICKER_PAGE_SIZE,
  useDocumentSearch,
  useDocumentTitle,
  useMeasureLabel,
  useMeasureSearch,
  useUnitName,
  useUnitSearch,
  type PickerOption,
  type PickerPage,
} from '../api/catalog';

interface PickerProps {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  /** the accessible name (and the placeholder's meaning) */
  label: string;
  placeholder: string;
  width?: number;
  disabled?: boolean;
  id?: string;
}

/** Typing waits this long before asking the API, so a word is one request, not one per key. */
const SEARCH_DELAY_MS = 250;

function useDebounced(value: string): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return debounced;
}

interface SearchSelectProps extends PickerProps {
  search: string;
  onSearch: (q: string) => void;
  page: PickerPage | undefined;
  loading: boolean;
  /** the chosen value's name when the current matches do not include it */
  selectedLabel: string | undefined;
}

/** Names of options seen this session: a value picked on one page (a dashboard filter) keeps its name on the next. */
const seenLabels = new Map<string, string>();

/** A select whose options are the API's matches for what was typed (the server filters; antd does not). */
function SearchSelect({ value, onChange, label, placeholder, width, disabled, id, search, onSearch, page, loading, selectedLabel }: SearchSelectProps) {
  const options: PickerOption[] = [...(page?.options ?? [])];
  for (const option of options) seenLabels.set(option.value, option.label);
  if (value && !options.some((option) => option.value === value)) options.unshift({ value, label: selectedLabel ?? seenLabels.get(value) ?? '已选项' });
  const more = page && page.total > page.options.length;
  return (
    <Select
      id={id}
      aria-label={label}
      placeholder={placeholder}
      allowClear
      showSearch
      filterOption={false}
      searchValue={search}
      onSearch={onSearch}
      onChange={(next: string | undefined) => {
        onSearch('');
        onChange(next ?? undefined);
      }}
      value={value}
      loading={loading}
      disabled={disabled}
      style={{ width: width ?? 220 }}
      options={options}
      notFoundContent={loading ? '正在查找…' : '没有匹配项'}
      dropdownRender={(menu) => (
        <>
          {menu}
          {more && (
            <div style={{ padding: '4px 12px', color: '#8c8c8c', fontSize: 12 }}>
              共 {page.total} 项，显示前 {PICKER_PAGE_SIZE} 项，请输入关键词缩小范围
            </div>
          )}
        </>
      )}
    />
  );
}

export function UnitPicker(props: PickerProps) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const matches = useUnitSearch(q);
  const name = useUnitName(props.value && !matches.data?.options.some((option) => option.value === props.value) ? props.value : undefined);
  return <SearchSelect {...props} search={search} onSearch={setSearch} page={matches.data} loading={matches.isFetching} selectedLabel={name.data} />;
}

export function DocumentPicker(props: PickerProps & { publishedOnly?: boolean }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const matches = useDocumentSearch(q, props.publishedOnly);
  const title = useDocumentTitle(props.value && !matches.data?.options.some((option) => option.value === props.value) ? props.value : undefined);
  return <SearchSelect {...props} search={search} onSearch={setSearch} page={matches.data} loading={matches.isFetching} selectedLabel={title.data} />;
}

/** Measures of one document (disabled until a document is picked). */
export function MeasurePicker(props: PickerProps & { documentId: string | undefined }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const matches = useMeasureSearch(props.documentId, q);
  const known = props.value ? (matches.data?.options.some((option) => option.value === props.value) ?? false) || seenLabels.has(props.value) : true;
  // a measure that arrived only through a shared link: its name is read once
  const label = useMeasureLabel(known ? undefined : props.value);
  return (
    <SearchSelect
      {...props}
      disabled={props.disabled || !props.documentId}
      search={search}
      onSearch={setSearch}
      page={matches.data}
      loading={matches.isFetching}
      selectedLabel={props.value ? (seenLabels.get(props.value) ?? label.data) : undefined}
    />
  );
}
