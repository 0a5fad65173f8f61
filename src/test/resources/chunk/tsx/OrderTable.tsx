import React, { useMemo, useState } from "react";
import type { Order } from "../api/types";
import { formatMoney } from "../util/money";

export interface OrderTableProps {
  orders: Order[];
  currency: string;
  onSelect?: (order: Order) => void;
  pageSize?: number;
}

type SortKey = "createdAt" | "total" | "customer";

/** A clickable column header that shows the sort direction. */
function SortHeader(props: { label: string; active: boolean; descending: boolean; onClick: () => void }) {
  const arrow = props.active ? (props.descending ? " ▼" : " ▲") : "";
  return (
    <th scope="col" onClick={props.onClick} className={props.active ? "sorted" : undefined}>
      {props.label}
      {arrow}
    </th>
  );
}

/** Status badge with a colour per order state. */
const StatusBadge = ({ status }: { status: Order["status"] }) => (
  <span className={`badge badge-${status}`}>{status.replace("_", " ")}</span>
);

/**
 * Sortable, filterable, paged table of orders.
 *
 * Sorting and filtering happen in memory; the parent passes at most a few
 * thousand orders.
 */
export function OrderTable({ orders, currency, onSelect, pageSize = 25 }: OrderTableProps) {
  const [sortKey, setSortKey] = useState<SortKey>("createdAt");
  const [descending, setDescending] = useState(true);
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const filtered = needle
      ? orders.filter(
          (o) => o.customer.toLowerCase().includes(needle) || o.id.toLowerCase().includes(needle),
        )
      : orders;
    const sorted = [...filtered].sort((a, b) => {
      const left = a[sortKey];
      const right = b[sortKey];
      const order = left < right ? -1 : left > right ? 1 : 0;
      return descending ? -order : order;
    });
    return sorted;
  }, [orders, filter, sortKey, descending]);

  const pages = Math.max(1, Math.ceil(visible.length / pageSize));
  const rows = visible.slice(page * pageSize, (page + 1) * pageSize);

  const sortBy = (key: SortKey) => {
    if (key === sortKey) {
      setDescending(!descending);
    } else {
      setSortKey(key);
      setDescending(true);
    }
    setPage(0);
  };

  return (
    <div className="order-table">
      <label>
        Search
        <input
          type="search"
          value={filter}
          placeholder="Customer or order id"
          onChange={(e) => {
            setFilter(e.target.value);
            setPage(0);
          }}
        />
      </label>
      <table>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <SortHeader label="Customer" active={sortKey === "customer"} descending={descending}
              onClick={() => sortBy("customer")} />
            <SortHeader label="Date" active={sortKey === "createdAt"} descending={descending}
              onClick={() => sortBy("createdAt")} />
            <SortHeader label="Total" active={sortKey === "total"} descending={descending}
              onClick={() => sortBy("total")} />
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((order) => (
            <tr key={order.id} onClick={() => onSelect?.(order)} className={onSelect ? "clickable" : undefined}>
              <td>{order.id}</td>
              <td>{order.customer}</td>
              <td>{new Date(order.createdAt).toLocaleDateString()}</td>
              <td className="number">{formatMoney(order.total, currency)}</td>
              <td>
                <StatusBadge status={order.status} />
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No orders match “{filter}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <nav className="pager">
        <button disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page + 1} of {pages}
        </span>
        <button disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </nav>
    </div>
  );
}

export default OrderTable;
