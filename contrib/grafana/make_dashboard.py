#!/usr/bin/env python3
"""Writes keepalived_dashboard.json next to this script, or to the file
given as its argument (the dashboard is generated so that its panels stay
consistent; edit here, then run it; test/integration/contrib_monitoring.sh
checks that the two agree).
Labels as Prometheus stores them with honor_labels false: instance is the
scraped host, exported_instance the vrrp_instance (see
../prometheus/keepalived_alerts.yml)."""
import json
import os
import sys

DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job=~"$job",instance=~"$host"'
LEG = "{{instance}} {{exported_instance}} (VRID {{vrid}})"
panels = []
y = 0


def panel(title, kind, targets, w=12, h=8, unit=None, desc="", extra=None):
    global y
    x = 0 if not panels or panels[-1]["gridPos"]["x"] + panels[-1]["gridPos"]["w"] + w > 24 \
        else panels[-1]["gridPos"]["x"] + panels[-1]["gridPos"]["w"]
    if x == 0 and panels:
        y = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    p = {
        "id": len(panels) + 1,
        "type": kind,
        "title": title,
        "description": desc,
        "datasource": DS,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "targets": [
            {"refId": chr(ord("A") + i), "datasource": DS, "expr": e, "legendFormat": l}
            for i, (e, l) in enumerate(targets)
        ],
        "fieldConfig": {"defaults": {}, "overrides": []},
        "options": {},
    }
    if unit:
        p["fieldConfig"]["defaults"]["unit"] = unit
    if extra:
        for k, v in extra.items():
            if k == "defaults":
                p["fieldConfig"]["defaults"].update(v)
            else:
                p[k] = v
    panels.append(p)


STATE_MAP = [{
    "type": "value",
    "options": {
        "0": {"text": "INIT", "color": "blue"},
        "1": {"text": "BACKUP", "color": "green"},
        "2": {"text": "MASTER", "color": "purple"},
        "3": {"text": "FAULT", "color": "red"},
        "4": {"text": "STOP", "color": "orange"},
    },
}]

panel("VRRP state", "state-timeline",
      [(f"keepalived_vrrp_state{{{SEL}}}", LEG)], w=24, h=8,
      desc="keepalived_vrrp_state: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 4 STOP.",
      extra={"defaults": {"mappings": STATE_MAP}})
panel("Masters per VRID", "timeseries",
      [(f'count by (job, vrid) (keepalived_vrrp_state{{{SEL}}} == 2)', "{{job}} VRID {{vrid}}")],
      desc="More than 1 is a split brain (alert KeepalivedVrrpTwoMasters); a VRID missing "
           "here has no master among the scraped hosts.",
      extra={"defaults": {"decimals": 0, "thresholds": {"mode": "absolute", "steps": [
          {"color": "red", "value": None}, {"color": "green", "value": 1},
          {"color": "red", "value": 2}]}}})
panel("Priority", "timeseries",
      [(f"keepalived_vrrp_effective_priority{{{SEL}}}", "effective " + LEG),
       (f"keepalived_vrrp_priority{{{SEL}}}", "configured " + LEG)],
      desc="Configured and effective priority (after trackers).")
panel("Transitions", "timeseries",
      [(f"increase(keepalived_vrrp_became_master_total{{{SEL}}}[$__rate_interval])",
        "to MASTER " + LEG),
       (f"increase(keepalived_vrrp_released_master_total{{{SEL}}}[$__rate_interval])",
        "from MASTER " + LEG)],
      desc="Entering and leaving MASTER (alert KeepalivedVrrpFlapping).")
panel("Time in state", "timeseries",
      [(f"keepalived_vrrp_state_duration_seconds{{{SEL}}}", LEG)], unit="s")
panel("Adverts", "timeseries",
      [(f"rate(keepalived_vrrp_adverts_sent_total{{{SEL}}}[$__rate_interval])", "sent " + LEG),
       (f"rate(keepalived_vrrp_adverts_received_total{{{SEL}}}[$__rate_interval])",
        "received " + LEG),
       (f"rate(keepalived_vrrp_priority_zero_sent_total{{{SEL}}}[$__rate_interval])",
        "priority 0 sent " + LEG),
       (f"rate(keepalived_vrrp_priority_zero_received_total{{{SEL}}}[$__rate_interval])",
        "priority 0 received " + LEG)], unit="pps")
panel("Late master adverts", "timeseries",
      [(f"increase(keepalived_vrrp_late_adverts_total{{{SEL}}}[$__rate_interval])",
        "late " + LEG),
       (f"increase(keepalived_vrrp_late_advert_episodes_total{{{SEL}}}[$__rate_interval])",
        "episodes " + LEG)],
      desc="Adverts a Backup received later than late_advert_warn allows: an early sign "
           "of a dying master or a congested link (alert KeepalivedVrrpLateAdverts).")
panel("Errors", "timeseries",
      [(f"increase(keepalived_vrrp_send_errors_total{{{SEL}}}[$__rate_interval])",
        "send " + LEG),
       (f"increase(keepalived_vrrp_vip_errors_total{{{SEL}}}[$__rate_interval])",
        "VIP " + LEG),
       (f"increase(keepalived_vrrp_vips_restored_total{{{SEL}}}[$__rate_interval])",
        "VIPs restored " + LEG)],
      desc="Adverts that failed to send, VIP changes the kernel refused, VIPs put back "
           "after someone removed them.")
panel("VIP lease remaining", "timeseries",
      [(f"keepalived_vrrp_vip_lease_remaining_seconds{{{SEL}}}",
        "{{instance}} {{exported_instance}}")], unit="s",
      desc="vip_lease: time left on each instance's VIP lifetimes (alert "
           "KeepalivedVrrpLeaseNearExpiry). Empty without vip_lease.")
panel("Gratuitous ARPs and NAs", "timeseries",
      [(f"increase(keepalived_vrrp_gratuitous_arps_sent_total{{{SEL}}}[$__rate_interval])",
        "GARP " + LEG),
       (f"increase(keepalived_vrrp_neighbour_adverts_sent_total{{{SEL}}}[$__rate_interval])",
        "NA " + LEG)])
panel("Received adverts dropped, by reason", "timeseries",
      [(f"sum by (instance, exported_instance, reason) "
        f"(rate(keepalived_vrrp_drops_total{{{SEL}}}[$__rate_interval])) > 0",
        "{{instance}} {{exported_instance}} {{reason}}"),
       (f"sum by (instance, interface, reason) "
        f"(rate(keepalived_vrrp_socket_drops_total{{{SEL}}}[$__rate_interval])) > 0",
        "{{instance}} socket {{interface}} {{reason}}")], unit="pps")
panel("Trackers", "state-timeline",
      [(f"keepalived_vrrp_tracker_state{{{SEL}}}", "{{instance}} {{tracker}} ({{kind}})")],
      desc="Tracker state as the daemon exports it (keepalived_vrrp_tracker_state).")
panel("Tracker effects and faults", "timeseries",
      [(f"keepalived_vrrp_tracker_effect{{{SEL}}}",
        "effect {{instance}} {{exported_instance}} {{tracker}}"),
       (f"increase(keepalived_vrrp_tracker_faults_total{{{SEL}}}[$__rate_interval])",
        "faults " + LEG),
       (f"increase(keepalived_vrrp_priority_changes_total{{{SEL}}}[$__rate_interval])",
        "priority changes " + LEG)])
panel("Scripts", "timeseries",
      [(f"sum by (instance, tracker, result) "
        f"(increase(keepalived_vrrp_script_results_total{{{SEL}}}[$__rate_interval]))",
        "{{instance}} {{tracker}} {{result}}"),
       (f"increase(keepalived_vrrp_notify_scripts_dropped_total{{{SEL}}}[$__rate_interval])",
        "notify dropped " + LEG)])
panel("Netlink", "timeseries",
      [(f"increase(keepalived_vrrp_netlink_overruns_total{{{SEL}}}[$__rate_interval])",
        "overruns {{instance}}"),
       (f"increase(keepalived_vrrp_netlink_resyncs_total{{{SEL}}}[$__rate_interval])",
        "resyncs {{instance}}")],
      desc="Netlink notifications lost (overruns) and the full re-reads they cause.")
panel("Daemon", "stat",
      [(f"keepalived_vrrp_up{{{SEL}}}", "{{instance}} up"),
       (f"keepalived_vrrp_instances{{{SEL}}}", "{{instance}} instances"),
       (f"keepalived_vrrp_maintenance{{{SEL}}}", "maintenance " + LEG)],
      desc="keepalived_vrrp_up is 1 whenever the daemon answers; a host that stops "
           "answering disappears here (alert KeepalivedVrrpDown).")

dash = {
    "__inputs": [],
    "title": "keepalived-vrrp",
    "uid": "keepalived-vrrp",
    "description": "VRRP instances of keepalived-vrrp (metrics_listen), all scraped hosts.",
    "tags": ["keepalived", "vrrp"],
    "editable": True,
    "schemaVersion": 37,
    "version": 1,
    "refresh": "30s",
    "time": {"from": "now-6h", "to": "now"},
    "timezone": "",
    "annotations": {"list": []},
    "links": [],
    "templating": {"list": [
        {"name": "datasource", "type": "datasource", "query": "prometheus",
         "label": "Data source", "current": {}, "hide": 0},
        {"name": "job", "type": "query", "datasource": DS, "label": "Job",
         "query": {"query": "label_values(keepalived_vrrp_up, job)", "refId": "job"},
         "definition": "label_values(keepalived_vrrp_up, job)",
         "includeAll": True, "multi": True, "refresh": 2, "current": {}, "hide": 0},
        {"name": "host", "type": "query", "datasource": DS, "label": "Host",
         "query": {"query": 'label_values(keepalived_vrrp_up{job=~"$job"}, instance)',
                   "refId": "host"},
         "definition": 'label_values(keepalived_vrrp_up{job=~"$job"}, instance)',
         "includeAll": True, "multi": True, "refresh": 2, "current": {}, "hide": 0},
    ]},
    "panels": panels,
}
out = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "keepalived_dashboard.json")
with open(out, "w") as f:
    json.dump(dash, f, indent=2, sort_keys=False)
    f.write("\n")
