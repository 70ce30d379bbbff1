import type { Shipment } from "../../../contracts/orders/shipment.ts";

/** The shopper's view of how their order travels: each shipment, its tracking and what is in it. */
const day = (iso: string) => iso.slice(0, 10);

export function OrderShipments(props: { shipments?: Shipment[] | undefined }) {
  const shipments = props.shipments ?? [];
  if (shipments.length === 0) return null;
  return (
    <section aria-labelledby="shipments-heading">
      <h2 id="shipments-heading">{shipments.length === 1 ? "Shipment" : "Shipments"}</h2>
      <ul class="shipments">
        {shipments.map((s) => (
          <li>
            <p>
              Sent {day(s.createdAt)} with {s.carrier}, tracking number <strong>{s.trackingNumber}</strong>
              {s.deliveredAt ? <> · Delivered {day(s.deliveredAt)}</> : null}
            </p>
            <ul>
              {s.lines.map((l) => (
                <li>
                  {l.quantity} × {l.title}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
